"""The dependency parser: the shipped model on short news sentences, CoNLL-U reading and scoring,
and a tiny training run through the training script's own code path."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from pipeline.errors import InputError, ModelNotFoundError
from pipeline.records import ParsedWord
from pipeline.text.parsing import (
    DependencyParser,
    attachment_scores,
    merge_multiword,
    normalized,
    read_conllu,
)

REPO = Path(__file__).resolve().parent.parent

# Sentences written for these tests. In PerDT's conventions the light verb heads its construction
# («دیدار» is the «compound:lvc» of «کرد») and the subject hangs on it.
MEETING = "وزیر خارجه ایران با همتای روسی خود دیدار کرد .".split()
SUMMONED = "سفیر انگلیس به وزارت خارجه احضار شد .".split()
ARREST = "پلیس ده نفر را در تظاهرات بازداشت کرد .".split()
SENTENCES = [
    MEETING,
    SUMMONED,
    "رئیس‌جمهور فرانسه دیروز به تهران سفر کرد .".split(),
    ARREST,
    "سخنگوی وزارت خارجه گفت که مذاکرات ادامه خواهد یافت .".split(),
    "سلام".split(),
]


@pytest.fixture(scope="module")
def parser() -> DependencyParser:
    return DependencyParser()


def _by_text(words: list[ParsedWord]) -> dict[str, ParsedWord]:
    return {w.text: w for w in words}


def test_parser_makes_the_light_verb_the_root_and_the_minister_its_subject(parser):
    (words,) = parser.parse([MEETING])
    w = _by_text(words)
    assert w["کرد"].head == -1 and w["کرد"].deprel == "root" and w["کرد"].upos == "VERB"
    assert (w["وزیر"].head, w["وزیر"].deprel) == (w["کرد"].index, "nsubj")
    assert (w["دیدار"].head, w["دیدار"].deprel) == (w["کرد"].index, "compound:lvc")


def test_parser_reads_a_passive_summons(parser):
    (words,) = parser.parse([SUMMONED])
    w = _by_text(words)
    assert w["شد"].head == -1
    assert w["سفیر"].head == w["شد"].index and w["سفیر"].deprel.startswith("nsubj")
    assert w["احضار"].head == w["شد"].index
    # «به وزارت خارجه»: the preposition marks the ministry, which hangs on the verb
    assert w["به"].head == w["وزارت"].index and w["به"].deprel == "case"


def test_parser_finds_the_object_that_ra_marks(parser):
    (words,) = parser.parse([ARREST])
    w = _by_text(words)
    assert w["کرد"].head == -1
    assert (w["پلیس"].head, w["پلیس"].deprel) == (w["کرد"].index, "nsubj")
    assert (w["نفر"].head, w["نفر"].deprel) == (w["کرد"].index, "obj")
    assert (w["را"].head, w["را"].deprel) == (w["نفر"].index, "case")


def test_parser_gives_each_sentence_one_tree(parser):
    parsed = parser.parse(SENTENCES)
    assert [[w.text for w in words] for words in parsed] == SENTENCES
    for words in parsed:
        assert [w.index for w in words] == list(range(len(words)))
        assert all(-1 <= w.head < len(words) and w.head != w.index for w in words)
        assert sum(w.head == -1 for w in words) == 1
        assert all((w.head == -1) == (w.deprel == "root") for w in words)


def test_parser_forgets_the_words_it_first_saw_in_a_call(parser):
    # A corpus of millions of articles brings ever new names: the vocabulary must not grow with them.
    known = len(parser.nlp.vocab.strings)
    parser.parse([["خاویرسولانااوف", "به", "زاگرب‌آباد", "رفت", "."]])
    assert "خاویرسولانااوف" not in parser.nlp.vocab and "خاویرسولانااوف" not in parser.nlp.vocab.strings
    assert len(parser.nlp.vocab.strings) == known


def test_parser_takes_no_sentences(parser):
    assert parser.parse([]) == []


def test_parser_rejects_a_word_holding_a_space(parser):
    with pytest.raises(ValueError, match="sentence 1, word 0"):
        parser.parse([["او"], ["وزارت خارجه", "گفت"]])


def test_parser_names_a_missing_model(tmp_path):
    with pytest.raises(ModelNotFoundError, match="scripts/train_parser.py") as error:
        DependencyParser(tmp_path / "nowhere")
    assert str(tmp_path / "nowhere") in str(error.value)


# Two sentences written for these tests, in PerDT's conventions; «کتابش» is a multiword token.
CONLLU = """\
# sent_id = t1
# text = او کتابش را خواند.
1\tاو\tاو\tPRON\t_\t_\t5\tnsubj\t_\t_
2-3\tکتابش\t_\t_\t_\t_\t_\t_\t_\t_
2\tکتاب\tکتاب\tNOUN\t_\t_\t5\tobj\t_\t_
3\tش\tاو\tPRON\t_\t_\t2\tnmod\t_\t_
4\tرا\tرا\tADP\t_\t_\t2\tcase\t_\t_
5\tخواند\tخواند\tVERB\t_\t_\t0\troot\t_\tSpaceAfter=No
6\t.\t.\tPUNCT\t_\t_\t5\tpunct\t_\t_

# sent_id = t2
# text = دولت به مجلس لایحه داد.
1\tدولت\tدولت\tNOUN\t_\t_\t5\tnsubj\t_\t_
2\tبه\tبه\tADP\t_\t_\t3\tcase\t_\t_
3\tمجلس\tمجلس\tNOUN\t_\t_\t5\tobl:arg\t_\t_
4\tلایحه\tلایحه\tNOUN\t_\t_\t5\tobj\t_\t_
5\tداد\tداد\tVERB\t_\t_\t0\troot\t_\tSpaceAfter=No
6\t.\t.\tPUNCT\t_\t_\t5\tpunct\t_\t_

"""


def test_read_conllu_keeps_words_and_multiword_tokens(tmp_path):
    path = tmp_path / "tiny.conllu"
    path.write_text(CONLLU, encoding="utf-8")
    first, second = read_conllu(path)
    assert (first.sent_id, first.text) == ("t1", "او کتابش را خواند.")
    assert [w.text for w in first.words] == ["او", "کتاب", "ش", "را", "خواند", "."]
    assert first.words[0] == ParsedWord(0, "او", "PRON", 4, "nsubj")
    assert first.words[4].head == -1 and first.words[4].deprel == "root"
    assert first.multiword == ((1, 2, "کتابش"),)
    assert second.multiword == ()


def test_read_conllu_names_the_bad_line(tmp_path):
    path = tmp_path / "bad.conllu"
    path.write_text("# text = او آمد\n1\tاو\tاو\tPRON\t_\t_\t2\tnsubj\t_\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.conllu:2: expected 10 tab-separated columns"):
        read_conllu(path)


def test_attachment_scores_compare_the_universal_relation_for_las(tmp_path):
    path = tmp_path / "tiny.conllu"
    path.write_text(CONLLU, encoding="utf-8")
    gold = [s.words for s in read_conllu(path)]
    # «مجلس» labelled plain «obl» (right for LAS, wrong for full labels), «لایحه» on the wrong head
    predicted = [list(gold[0]), list(gold[1])]
    predicted[1][2] = ParsedWord(2, "مجلس", "NOUN", 4, "obl")
    predicted[1][3] = ParsedWord(3, "لایحه", "NOUN", 2, "obj")
    scores = attachment_scores(gold, predicted)
    assert scores["words"] == 12
    assert scores["uas"] == pytest.approx(100 * 11 / 12)
    assert scores["las"] == pytest.approx(100 * 11 / 12)
    assert scores["las_full"] == pytest.approx(100 * 10 / 12)
    with pytest.raises(ValueError, match="sentence 0"):
        attachment_scores(gold[:1], [gold[1]])


def _training_script():
    path = REPO / "scripts" / "train_parser.py"
    spec = importlib.util.spec_from_file_location("train_parser", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_merging_a_clitic_keeps_the_host_word_annotation(tmp_path):
    path = tmp_path / "tiny.conllu"
    path.write_text(CONLLU, encoding="utf-8")
    merged = merge_multiword(read_conllu(path)[0])
    assert [(w.text, w.upos, w.head, w.deprel) for w in merged.words] == [
        ("او", "PRON", 3, "nsubj"),
        ("کتابش", "NOUN", 3, "obj"),
        ("را", "ADP", 1, "case"),
        ("خواند", "VERB", -1, "root"),
        (".", "PUNCT", 3, "punct"),
    ]


def test_merging_refuses_a_tree_with_a_cycle(tmp_path):
    path = tmp_path / "cycle.conllu"
    # «کتاب» and «را» head each other: a broken file, not a tree
    path.write_text(CONLLU.split("\n\n")[0].replace("2\tکتاب\tکتاب\tNOUN\t_\t_\t5", "2\tکتاب\tکتاب\tNOUN\t_\t_\t4") + "\n\n",
                    encoding="utf-8")
    with pytest.raises(ValueError, match="t1: the heads form a cycle"):
        merge_multiword(read_conllu(path)[0])


@pytest.mark.slow
def test_training_code_path_saves_a_loadable_parser(tmp_path):
    script = _training_script()
    path = tmp_path / "tiny.conllu"
    path.write_text(CONLLU, encoding="utf-8")
    sentences = [normalized(s) for s in read_conllu(path)]
    out = tmp_path / "parser"
    result = script.train(out, sentences + [merge_multiword(sentences[0])], sentences, max_steps=5)
    assert result["steps"] == 5 and result["held_out"]["words"] == 12
    # the model folder and nothing else: no copy of the training data beside the model
    assert sorted(p.name for p in tmp_path.iterdir()) == ["parser", "tiny.conllu"]
    assert not list(out.rglob("*.spacy"))
    (words,) = DependencyParser(out).parse([["دولت", "به", "مجلس", "لایحه", "داد", "."]])
    assert sum(w.head == -1 for w in words) == 1


def test_parser_on_numpy_blas_in_batches_gives_the_trees_of_blis_one_by_one(parser, shared_dir):
    import spacy
    from spacy.tokens import Doc

    from pipeline.events.actors import tokenize
    from pipeline.io.gold import iter_gold_dicts
    from pipeline.text.normalize import normalize
    from pipeline.text.sentences import split_sentences

    sentences = []
    for doc in iter_gold_dicts(shared_dir / "gold" / "train.jsonl"):
        text = normalize(doc["text"]).text
        sentences += [[t.text for t in tokenize(text[start:end])] for start, end in split_sentences(text)]
    sentences = [words for words in sentences if 1 < len(words) <= 60][:300]
    blis = spacy.load(parser.path)  # thinc's default ops, as the parser was loaded before

    def one_by_one(words):
        doc = blis(Doc(blis.vocab, words=words, sent_starts=[w == 0 for w in range(len(words))]))
        return [(t.tag_, t.head.i, t.dep_.replace("ROOT", "root")) for t in doc]

    trees = [[(w.upos, w.index if w.head < 0 else w.head, w.deprel) for w in words] for words in parser.parse(sentences)]
    assert trees == [one_by_one(words) for words in sentences]
    assert len(sentences) == 300
