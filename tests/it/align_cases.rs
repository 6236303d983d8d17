//! Hand-made English–German document pairs, one per bead type, with the
//! alignment a translator would give; plus identical documents, unrelated
//! documents, determinism and a user dictionary.
//!
//! Every expected alignment below was worked out by reading the sentences,
//! not copied from the aligner's output.

use crate::util::align_with;
use std::path::Path;

use bitext::align::{Aligner, Alignment, Config, Dictionary, Side};
use bitext::{Document, Encoding, Lang, Mode, Segmenter, Sentence};

/// Sentences from paragraphs of sentences, numbered in reading order.
fn doc(paragraphs: &[&[&str]]) -> Vec<Sentence> {
    let mut sentences = Vec::new();
    for (paragraph, texts) in paragraphs.iter().enumerate() {
        for text in *texts {
            sentences.push(Sentence {
                id: sentences.len(),
                paragraph,
                text: (*text).to_string(),
            });
        }
    }
    sentences
}

fn align(source: &[Sentence], target: &[Sentence]) -> Alignment {
    align_with(Config::default(), source, target, ("en", "de"))
}

/// The beads in the field's notation, without confidence: `[0, 1]:[0]`.
fn notation(alignment: &Alignment) -> Vec<String> {
    let ids = |r: &std::ops::Range<usize>| {
        let ids: Vec<String> = r.clone().map(|i| i.to_string()).collect();
        format!("[{}]", ids.join(", "))
    };
    alignment
        .beads
        .iter()
        .map(|b| format!("{}:{}", ids(&b.source), ids(&b.target)))
        .collect()
}

/// The beads with their confidences, for failure messages.
fn show(alignment: &Alignment) -> String {
    notation(alignment)
        .iter()
        .zip(&alignment.beads)
        .map(|(n, b)| format!("{n}:{:.4}", b.confidence))
        .collect::<Vec<_>>()
        .join("\n")
}

fn assert_beads(alignment: &Alignment, want: &[&str]) {
    assert_eq!(
        notation(alignment),
        want,
        "aligner output:\n{}",
        show(alignment)
    );
}

#[test]
fn one_to_one() {
    let en = doc(&[&[
        "Russian forces launched 48 drones and two ballistic missiles at Kyiv overnight, Ukraine's air force said on Tuesday.",
        "Air defence units shot down 41 of the drones over the capital and the surrounding region.",
        "Mayor Vitali Klitschko said that three people were injured in the Darnytskyi district.",
        "President Zelenskyy again called on Western partners to deliver more Patriot systems.",
        "The attack came hours before talks between Ukrainian and American officials in Geneva.",
    ]]);
    let de = doc(&[&[
        "Russische Truppen haben in der Nacht 48 Drohnen und zwei ballistische Raketen auf Kiew abgefeuert, teilte die ukrainische Luftwaffe am Dienstag mit.",
        "Die Flugabwehr schoss 41 der Drohnen über der Hauptstadt und der umliegenden Region ab.",
        "Bürgermeister Vitali Klitschko sagte, im Bezirk Darnyzkyj seien drei Menschen verletzt worden.",
        "Präsident Selenskyj forderte die westlichen Partner erneut auf, mehr Patriot-Systeme zu liefern.",
        "Der Angriff erfolgte wenige Stunden vor Gesprächen zwischen ukrainischen und amerikanischen Vertretern in Genf.",
    ]]);
    assert_beads(
        &align(&en, &de),
        &["[0]:[0]", "[1]:[1]", "[2]:[2]", "[3]:[3]", "[4]:[4]"],
    );
}

#[test]
fn two_to_one() {
    // The translator joined sentences 1 and 2 with a comma.
    let en = doc(&[&[
        "The European Commission proposed a new aid package of 50 billion euros for Ukraine on Wednesday.",
        "The money is to be paid out between 2024 and 2027.",
        "Most of it will come as loans, the rest as grants.",
        "Hungarian Prime Minister Viktor Orbán immediately threatened to veto the package.",
        "A decision is expected at the summit in Brussels on 14 December.",
    ]]);
    let de = doc(&[&[
        "Die Europäische Kommission hat am Mittwoch ein neues Hilfspaket für die Ukraine in Höhe von 50 Milliarden Euro vorgeschlagen.",
        "Das Geld soll zwischen 2024 und 2027 ausgezahlt werden, größtenteils als Kredite, der Rest als Zuschüsse.",
        "Der ungarische Ministerpräsident Viktor Orbán drohte umgehend mit einem Veto gegen das Paket.",
        "Eine Entscheidung wird beim Gipfel in Brüssel am 14. Dezember erwartet.",
    ]]);
    assert_beads(
        &align(&en, &de),
        &["[0]:[0]", "[1, 2]:[1]", "[3]:[2]", "[4]:[3]"],
    );
}

#[test]
fn one_to_two() {
    // The translator split the long sentence 1 after "liefern".
    let en = doc(&[&[
        "The announcement came a day after a Russian missile strike on Odesa killed 12 people.",
        "Defence Minister Boris Pistorius announced in Berlin on Friday that Germany would deliver a further IRIS-T air defence system to Ukraine before Christmas, bringing the total to seven.",
        "Ukraine's ambassador Oleksii Makeiev thanked the German government.",
    ]]);
    let de = doc(&[&[
        "Die Ankündigung erfolgte einen Tag nach einem russischen Raketenangriff auf Odessa, bei dem 12 Menschen getötet wurden.",
        "Verteidigungsminister Boris Pistorius kündigte am Freitag in Berlin an, Deutschland werde der Ukraine noch vor Weihnachten ein weiteres Luftverteidigungssystem vom Typ IRIS-T liefern.",
        "Damit steigt die Zahl der gelieferten Systeme auf sieben.",
        "Der ukrainische Botschafter Oleksij Makejew dankte der Bundesregierung.",
    ]]);
    assert_beads(&align(&en, &de), &["[0]:[0]", "[1]:[1, 2]", "[2]:[3]"]);
}

#[test]
fn one_to_none() {
    // Sentence 2 (football, other numbers) is not in the translation.
    let en = doc(&[&[
        "The Ukrainian parliament approved the 2026 budget on Thursday with 257 votes.",
        "Defence spending will account for 26 percent of gross domestic product.",
        "Separately, the national football team beat Iceland 2-1 in Wroclaw on Tuesday night to qualify for the European Championship.",
        "Finance Minister Serhiy Marchenko said the budget relied heavily on foreign aid.",
        "Teachers and doctors will receive a 20 percent pay rise from January.",
    ]]);
    let de = doc(&[&[
        "Das ukrainische Parlament hat am Donnerstag mit 257 Stimmen den Haushalt für 2026 verabschiedet.",
        "Die Verteidigungsausgaben werden 26 Prozent des Bruttoinlandsprodukts ausmachen.",
        "Finanzminister Serhij Martschenko sagte, der Haushalt sei stark auf ausländische Hilfe angewiesen.",
        "Lehrer und Ärzte erhalten ab Januar 20 Prozent mehr Gehalt.",
    ]]);
    assert_beads(
        &align(&en, &de),
        &["[0]:[0]", "[1]:[1]", "[2]:[]", "[3]:[2]", "[4]:[3]"],
    );
}

#[test]
#[ignore = "known weakness: in a document this short the added note is merged into the previous bead ([1]:[1, 2]); the length ratio of the whole pair includes the note, and its unmatched words cost less than a null bead"]
fn none_to_one() {
    // German sentence 2 is an editor's note with no English counterpart.
    let en = doc(&[&[
        "The Verkhovna Rada voted on Tuesday to extend martial law by another 90 days.",
        "It is the 16th extension since the full-scale invasion began in February 2022.",
        "Elections cannot be held while martial law is in force.",
        "Zelenskyy's five-year term formally ended in May 2024.",
    ]]);
    let de = doc(&[&[
        "Die Werchowna Rada stimmte am Dienstag dafür, das Kriegsrecht um weitere 90 Tage zu verlängern.",
        "Es ist die 16. Verlängerung seit Beginn der umfassenden Invasion im Februar 2022.",
        "Anmerkung der Redaktion: Alle Zitate in diesem Beitrag wurden aus dem Englischen übersetzt.",
        "Solange das Kriegsrecht gilt, können keine Wahlen abgehalten werden.",
        "Die fünfjährige Amtszeit von Selenskyj endete formal im Mai 2024.",
    ]]);
    assert_beads(
        &align(&en, &de),
        &["[0]:[0]", "[1]:[1]", "[]:[2]", "[2]:[3]", "[3]:[4]"],
    );
}

#[test]
fn two_to_two() {
    // The translator redistributed sentences 1 and 2: German 1 has the
    // start and date of the talks (English 1) and the 40 experts from Kyiv
    // (English 2); German 2 has Geneva and the 12 delegations (English 1)
    // and the 36 hours (English 2). Neither German sentence translates one
    // English sentence: only 2-2 is right.
    let en = doc(&[&[
        "Ukraine and Russia agreed last week to resume technical talks on prisoner exchanges.",
        "The talks began in Geneva on 3 March with 12 delegations.",
        "Some 40 experts from Kyiv took part, and the first round lasted 36 hours.",
        "The next round is planned for the end of April.",
    ]]);
    let de = doc(&[&[
        "Die Ukraine und Russland hatten sich vergangene Woche darauf geeinigt, die technischen Gespräche über den Austausch von Gefangenen wieder aufzunehmen.",
        "Die Gespräche begannen am 3. März, rund 40 Fachleute aus Kiew nahmen teil.",
        "In Genf waren 12 Delegationen vertreten, die erste Runde dauerte 36 Stunden.",
        "Die nächste Runde ist für Ende April geplant.",
    ]]);
    assert_beads(&align(&en, &de), &["[0]:[0]", "[1, 2]:[1, 2]", "[3]:[3]"]);
}

#[test]
fn three_to_one() {
    // Three short English sentences, one German sentence.
    let en = doc(&[&[
        "NATO foreign ministers met in Brussels on 4 April.",
        "The meeting was short.",
        "It lasted 40 minutes.",
        "No decisions were taken.",
        "Secretary General Mark Rutte called it a useful exchange of views.",
    ]]);
    let de = doc(&[&[
        "Die NATO-Außenminister trafen sich am 4. April in Brüssel.",
        "Das Treffen war kurz, dauerte 40 Minuten und endete ohne Beschlüsse.",
        "Generalsekretär Mark Rutte sprach von einem nützlichen Meinungsaustausch.",
    ]]);
    assert_beads(&align(&en, &de), &["[0]:[0]", "[1, 2, 3]:[1]", "[4]:[2]"]);
}

#[test]
fn one_to_three() {
    // One long English sentence, split into three German sentences.
    let en = doc(&[&[
        "The figures were published by the agriculture ministry in Kyiv on Monday.",
        "Ukraine's grain exports through the Black Sea corridor rose to 5.2 million tonnes in October, the highest since the war began, although Russian attacks on the port of Izmail damaged two silos.",
        "Most of the grain went to Spain, Egypt and China.",
    ]]);
    let de = doc(&[&[
        "Die Zahlen veröffentlichte das Agrarministerium in Kiew am Montag.",
        "Die ukrainischen Getreideexporte über den Korridor im Schwarzen Meer stiegen im Oktober auf 5,2 Millionen Tonnen.",
        "Das ist der höchste Wert seit Kriegsbeginn.",
        "Allerdings beschädigten russische Angriffe auf den Hafen von Ismajil zwei Silos.",
        "Der größte Teil des Getreides ging nach Spanien, Ägypten und China.",
    ]]);
    assert_beads(&align(&en, &de), &["[0]:[0]", "[1]:[1, 2, 3]", "[2]:[4]"]);
}

/// Fifteen varied English sentences in three paragraphs.
fn english_news() -> Vec<Sentence> {
    doc(&[
        &[
            "Western leaders met in Washington on Monday to discuss security guarantees for Ukraine.",
            "The talks lasted almost four hours.",
            "According to officials, 27 countries have offered troops, aircraft or money.",
            "Why now?",
            "Both sides say a ceasefire could come before the winter.",
        ],
        &[
            "President Zelenskyy arrived with a delegation of 12 ministers and advisers.",
            "He thanked the host for \"real and lasting support\".",
            "Nobody expects Moscow to accept foreign troops on Ukrainian soil.",
            "The Kremlin said on Tuesday that it had not been consulted.",
            "Markets reacted calmly: the rouble fell by 0.8 percent.",
        ],
        &[
            "In Kyiv, air raid sirens sounded twice during the night.",
            "Two drones hit a warehouse in the Obolon district; no one was hurt.",
            "The next meeting is planned for 14 October in Brussels.",
            "Will it change anything?",
            "Few diplomats are willing to say so in public.",
        ],
    ])
}

#[test]
fn identical_documents_align_one_to_one_with_high_confidence() {
    let text = english_news();
    assert_eq!(text.len(), 15);
    let alignment = align_with(Config::default(), &text, &text, ("en", "en"));
    let want: Vec<String> = (0..text.len()).map(|i| format!("[{i}]:[{i}]")).collect();
    assert_eq!(notation(&alignment), want, "{}", show(&alignment));
    for bead in &alignment.beads {
        assert!(
            bead.confidence >= 0.9,
            "bead {:?} has confidence {:.4}:\n{}",
            bead,
            bead.confidence,
            show(&alignment)
        );
    }
}

#[test]
fn unrelated_documents_get_low_confidence() {
    // English news on air defence; German instructions for sourdough bread.
    // No numbers, names or cognates in common.
    let en = doc(&[
        &[
            "Russian forces launched dozens of drones at Kharkiv overnight, regional governor Oleh Syniehubov said.",
            "Several apartment buildings were damaged and a fire broke out at a warehouse.",
            "Emergency crews worked until dawn to clear the rubble.",
            "The city has been shelled almost daily since the spring.",
            "Officials urged residents to stay in shelters when sirens sound.",
        ],
        &[
            "Ukraine has asked its allies for additional air defence systems before the winter.",
            "Washington promised to speed up deliveries of interceptor missiles.",
            "European governments are also discussing joint purchases of ammunition.",
            "Critics say the pledges come too slowly to protect the power grid.",
            "The defence ministry did not comment on the latest losses.",
        ],
    ]);
    let de = doc(&[
        &[
            "Für ein gutes Sauerteigbrot braucht man vor allem Geduld.",
            "Der Teig wird am Vorabend angesetzt und ruht über Nacht an einem kühlen Ort.",
            "Am nächsten Morgen knetet man Mehl, Wasser und Salz gründlich unter.",
            "Danach muss der Teig noch einmal gehen, bis sich sein Volumen fast verdoppelt hat.",
            "Wer mag, streut Sonnenblumenkerne oder Haferflocken darüber.",
        ],
        &[
            "Der Ofen wird mit einem gusseisernen Topf kräftig vorgeheizt.",
            "Das Brot backt zunächst mit Deckel, damit die Kruste nicht zu früh hart wird.",
            "Anschließend nimmt man den Deckel ab und lässt die Oberfläche bräunen.",
            "Klopft man auf die Unterseite, sollte es hohl klingen.",
            "Vor dem Anschneiden muss das Brot vollständig auskühlen.",
        ],
    ]);
    let alignment = align(&en, &de);
    let confidences: Vec<f64> = alignment.beads.iter().map(|b| b.confidence).collect();
    let mean = confidences.iter().sum::<f64>() / confidences.len() as f64;
    let max = confidences.iter().copied().fold(0.0, f64::max);
    assert!(
        mean < 0.5 && max <= 0.9,
        "mean confidence {mean:.4}, highest {max:.4}:\n{}",
        show(&alignment)
    );
    // No bead that pairs sentences is believed, and the documents are not
    // believed to be translations of each other.
    for bead in alignment.beads.iter().filter(|b| !b.is_null()) {
        assert!(bead.confidence < 0.5, "{}", show(&alignment));
    }
    assert!(alignment.parallel < 0.1, "parallel {}", alignment.parallel);
}

/// The bundled article, read and segmented as the CLI does.
fn bundled(lang: &str) -> Vec<Sentence> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus/atlantic-council")
        .join(format!("{lang}.txt"));
    let document = Document::read(&path, Encoding::default()).unwrap();
    Segmenter::new(&Lang::parse(lang).unwrap()).segment(&document, &Mode::Split)
}

#[test]
fn the_same_input_gives_the_same_alignment() {
    let (en, de) = (bundled("en"), bundled("de"));
    let first = align(&en, &de);
    assert_eq!(align(&en, &de), first, "a second aligner");

    // One aligner used again, with a batch in between.
    let (sl, tl) = (Lang::parse("en").unwrap(), Lang::parse("de").unwrap());
    let aligner = Aligner::new(Config::default()).unwrap();
    let pair = (
        Side {
            sentences: &en,
            lang: &sl,
        },
        Side {
            sentences: &de,
            lang: &tl,
        },
    );
    assert_eq!(aligner.align(pair.0, pair.1), first);
    let batch = aligner.align_batch(&[pair, pair]);
    assert_eq!(batch[0], batch[1], "the same pair twice in one batch");
    assert_eq!(aligner.align(pair.0, pair.1), first, "after a batch");
}

// A dictionary decides where an orphan sentence goes. The English text has
// three sentences, the German two: the translator joined the short English 1
// to English 0 with a comma. Nothing links English 1 to either German
// sentence on its face (no numbers, names or cognates), and it is too short
// for the lengths to tell much; a dictionary that knows its words settles it.
const DICT_EN: &[&str] = &[
    "Yesterday the farmers of the upper valley drove their cattle down from the high summer pastures, as they do every autumn.",
    "Children carried bells.",
    "In the evening the whole village celebrated the return of the herds with music, dancing and a long dinner.",
];
const DICT_DE: &[&str] = &[
    "Wie jeden Herbst trieben die Bauern des oberen Tals gestern ihr Vieh von den Sommerweiden herab, Kinder trugen Glocken.",
    "Am Abend feierte das ganze Dorf die Rückkehr der Herden mit Musik, Tanz und einem langen Essen.",
];
/// hunalign's format, `target @ source`; the last four entries are about
/// the sentences whose alignment is not in doubt.
const DICT_ENTRIES: &str = "\
# alpine farming
Kinder @ children
trugen @ carried
Glocken @ bells
Bauern @ farmers
Vieh @ cattle
Dorf @ village
Abend @ evening
";

#[test]
fn a_dictionary_settles_where_an_orphan_sentence_goes() {
    let (en, de) = (doc(&[DICT_EN]), doc(&[DICT_DE]));
    let want = ["[0, 1]:[0]", "[2]:[1]"];

    let without = align(&en, &de);
    let dictionary = Dictionary::parse(Path::new("alpine.dict"), DICT_ENTRIES).unwrap();
    assert_eq!(dictionary.len(), 7);
    let config = Config {
        dictionary: Some(dictionary),
        ..Config::default()
    };
    let with = align_with(config, &en, &de, ("en", "de"));
    assert_beads(&with, &want);

    // Without the dictionary the aligner is wrong, or right but much less
    // sure.
    let gain = with.beads[0].confidence - without.beads[0].confidence;
    assert!(
        notation(&without) != want || gain >= 0.2,
        "without the dictionary:\n{}\nwith it:\n{}",
        show(&without),
        show(&with)
    );
}

#[test]
fn a_dictionary_of_unrelated_words_changes_nothing() {
    let (en, de) = (doc(&[DICT_EN]), doc(&[DICT_DE]));
    let dictionary = Dictionary::parse(
        Path::new("other.dict"),
        "house\tHaus\ncat\tKatze\naeroplane\tFlugzeug\n",
    )
    .unwrap();
    let config = Config {
        dictionary: Some(dictionary),
        ..Config::default()
    };
    assert_eq!(align_with(config, &en, &de, ("en", "de")), align(&en, &de));
}
