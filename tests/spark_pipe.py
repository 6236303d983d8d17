"""bitext as a map step in Apache Spark: every NTREX pair of the bundled
corpus goes through `RDD.pipe("bitext align --jsonl")` in PySpark's local
mode, and the result must equal `bitext batch --lexicon document` on the same
pairs. Run by tests/spark.rs; usage: spark_pipe.py BITEXT CORPUS_DIR WORK_DIR
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


def main():
    bitext, corpus, work = sys.argv[1:4]
    lines = list(requests(corpus))
    spark = (SparkSession.builder.master("local[2]").appName("bitext-pipe")
             .config("spark.ui.enabled", "false").getOrCreate())
    try:
        out = spark.sparkContext.parallelize(lines, 4).pipe(f"{bitext} align --jsonl").collect()
    finally:
        spark.stop()
    streamed = {}
    for line in out:
        record = json.loads(line)
        assert "error" not in record, record
        streamed[record["id"]] = [(b["source_ids"], b["target_ids"], b["confidence"]) for b in record["beads"]]
    assert len(streamed) == len(lines), (len(streamed), len(lines))

    batch_dir = os.path.join(work, "batch")
    subprocess.run([bitext, "batch", "--quiet", "--lexicon", "document", "--format", "jsonl",
                    "-o", batch_dir, corpus], check=True)
    batched = {}
    with open(os.path.join(batch_dir, "corpus.jsonl"), encoding="utf-8") as f:
        for line in f:
            bead = json.loads(line)
            batched.setdefault(bead["doc"], []).append(
                (bead["source_ids"], bead["target_ids"], bead["confidence"]))
    assert streamed == batched, "Spark and bitext batch differ"
    print(f"spark pipe: {len(streamed)} documents, "
          f"{sum(len(b) for b in streamed.values())} beads, identical to bitext batch")


if __name__ == "__main__":
    main()
