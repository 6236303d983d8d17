"""The batch lexicon on a cluster, in Apache Spark's local mode: the NTREX
pairs of the bundled corpus, as streaming requests in 4 partitions, go
through `bitext lexicon learn` per partition, a tree of `bitext lexicon
merge` (Spark's treeReduce), and `bitext align --jsonl --lexicon` in 3
other partitions; the result must equal `bitext batch` on the same pairs
(same beads, same confidences), and the merged counts must be the bytes of
one `bitext lexicon learn` over all the requests, whatever the tree.
Run by tests/spark.rs; usage: spark_lexicon.py BITEXT CORPUS_DIR WORK_DIR
"""
import json
import os
import subprocess
import sys

from pyspark.sql import SparkSession


def requests(corpus):
    for name in sorted(os.listdir(corpus)):
        folder = os.path.join(corpus, name)
        if not os.path.isfile(os.path.join(folder, "en.txt")):
            continue
        with open(os.path.join(folder, "en.txt"), encoding="utf-8") as en, \
                open(os.path.join(folder, "de.txt"), encoding="utf-8") as de:
            yield json.dumps({"id": name, "source": en.read(), "target": de.read(),
                              "source_lang": "en", "target_lang": "de"}, ensure_ascii=False)


def beads_by_document(lines):
    out = {}
    for line in lines:
        record = json.loads(line)
        assert "error" not in record, record
        out[record["id"]] = [(b["source_ids"], b["target_ids"], b["confidence"])
                             for b in record["beads"]]
    return out


def recipe(sc, bitext, requests, work):
    """The README's recipe: counts travel as bytes, the merged counts reach
    the workers through SparkFiles. Returns the shards' counts, the merged
    counts and the aligned lines."""
    import tempfile
    from pyspark import SparkFiles

    def learn(partition):
        data = "".join(line + "\n" for line in partition).encode()
        yield subprocess.run([bitext, "lexicon", "learn"], input=data,
                             capture_output=True, check=True).stdout

    def merge(a, b):
        with tempfile.TemporaryDirectory() as folder:
            paths = [os.path.join(folder, name) for name in ("a.counts", "b.counts")]
            for path, counts in zip(paths, (a, b)):
                with open(path, "wb") as f:
                    f.write(counts)
            return subprocess.run([bitext, "lexicon", "merge", *paths],
                                  capture_output=True, check=True).stdout

    def align(partition):
        data = "".join(line + "\n" for line in partition).encode()
        lexicon = SparkFiles.get("lexicon.counts")
        out = subprocess.run([bitext, "align", "--jsonl", "--lexicon", lexicon], input=data,
                             capture_output=True, check=True).stdout
        return out.decode("utf-8").splitlines()

    counts = requests.mapPartitions(learn).cache()
    shards = counts.collect()
    lexicon = counts.treeReduce(merge, depth=2)
    path = os.path.join(work, "lexicon.counts")
    with open(path, "wb") as f:
        f.write(lexicon)
    sc.addFile(path)
    aligned = requests.repartition(3).mapPartitions(align).collect()
    return shards, lexicon, aligned


def main():
    bitext, corpus, work = sys.argv[1:4]
    lines = list(requests(corpus))
    # Not in id order: the partitions must not happen to be sorted.
    lines = lines[1::2] + lines[::2]
    spark = (SparkSession.builder.master("local[2]").appName("bitext-lexicon")
             .config("spark.ui.enabled", "false").getOrCreate())
    try:
        sc = spark.sparkContext
        shards, merged, aligned = recipe(sc, bitext, sc.parallelize(lines, 4), work)
        alone = sc.parallelize(lines, 3).pipe(f"{bitext} align --jsonl").collect()
    finally:
        spark.stop()
    assert len(shards) == 4, len(shards)

    # Any tree over the shards, and one learn over everything: the same bytes.
    paths = []
    for k, counts in enumerate(shards):
        paths.append(os.path.join(work, f"part-{k}.counts"))
        with open(paths[-1], "wb") as f:
            f.write(counts)
    flat = subprocess.run([bitext, "lexicon", "merge", *reversed(paths)], check=True,
                          capture_output=True).stdout
    whole = subprocess.run([bitext, "lexicon", "learn"], check=True, capture_output=True,
                           input="".join(line + "\n" for line in sorted(lines)).encode()).stdout
    assert merged == flat == whole, "merge trees differ"
    assert all(counts != whole for counts in shards)

    streamed = beads_by_document(aligned)
    assert len(streamed) == len(lines), (len(streamed), len(lines))
    batch_dir = os.path.join(work, "batch")
    subprocess.run([bitext, "batch", "--quiet", "--format", "jsonl", "-o", batch_dir, corpus],
                   check=True)
    batched = {}
    with open(os.path.join(batch_dir, "corpus.jsonl"), encoding="utf-8") as f:
        for line in f:
            bead = json.loads(line)
            batched.setdefault(bead["doc"], []).append(
                (bead["source_ids"], bead["target_ids"], bead["confidence"]))
    assert streamed == batched, "Spark with the merged lexicon and bitext batch differ"
    # The lexicon matters: each document alone gives other confidences.
    assert beads_by_document(alone) != batched, "the batch lexicon changed nothing"
    print(f"spark lexicon: {len(shards)} shards merged as a tree, {len(streamed)} documents, "
          f"{sum(len(b) for b in streamed.values())} beads, identical to bitext batch")


if __name__ == "__main__":
    main()
