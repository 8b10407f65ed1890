"""Plays and Project Gutenberg conventions: speakers' names alone above their speeches become
turns, bracketed and italic stage directions become stage blocks, ``_italic_`` is emphasis —
each read from the text's own shape, on small texts written for these tests."""

from __future__ import annotations

from samizdat.model import BookText, Emph, Para, Speaker, Text, TextMeta, plain_text
from samizdat.normalise import evidence_for, normalise_text
from samizdat.normalise.chunks import Chunk, Evidence, is_complete, split_chunks
from samizdat.normalise.inline import parse_emphasis, uses_underscore_emphasis
from samizdat.normalise.pages import join_page_breaks
from samizdat.normalise.plays import mark_speakers, play_speakers, speaker_label
from samizdat.wordcheck import check_words, model_words

#: A short comedy in the layout Project Gutenberg gives plays: the name alone, then the speech.
PLAY = """LODGINGS

_A Comedy in One Act_

THE FIRST ACT

_The scene is a small parlour in a lodging-house. A table stands in the middle
of the room, with two chairs; a door on the left leads to the stairs._

  [_MRS. HALE is dusting the table as TOM comes in, his hat in his hand._

TOM.

[_Stopping at the door._] Good morning, Mrs. Hale. Is the lodger in?

MRS. HALE.

He went out an hour ago, Mr. Tom. [_She puts down the duster._] He said he
would not be long.

TOM.

Then I shall wait, if you will let me.

MRS. HALE.

You may wait in the hall.

TOM.

[_Sitting down._] I would rather wait here. _Here_ is warmer.

MRS. HALE.

Warmer it may be, but it is not yours.

TOM.

Nor yours, Mrs. Hale.

MRS. HALE.

[_Sharply._] I keep it clean.

TOM.

And I keep it paid for.

MRS. HALE.

That is as may be.

  [_She goes out. TOM takes a letter from his pocket and reads it._

TOM.

She will come round.

END OF THE FIRST ACT.
"""


def _normalise(text: str):  # type: ignore[no-untyped-def]
    lines = tuple(text.split("\n"))
    norm = normalise_text(lines, evidence_for("play.txt", lines), "play")
    bare = BookText(TextMeta("x", "x"), norm.blocks, norm.furniture)
    assert check_words(lines, model_words(bare, norm.title_lines, norm.bylines)).ok
    return norm


def test_speaker_names_alone_become_the_labels_of_their_speeches():
    norm = _normalise(PLAY)
    turns = [b for b in norm.blocks if isinstance(b, Para) and b.role == "turn"]
    assert len(turns) == 11
    first = turns[0].inlines
    assert first[0] == Speaker("TOM") and "Good morning, Mrs. Hale." in plain_text(first)
    assert turns[1].inlines[0] == Speaker("MRS. HALE")
    paras = [plain_text(b.inlines) for b in norm.blocks if isinstance(b, Para)]
    assert "TOM." not in paras and "END OF THE FIRST ACT." in paras


def test_stage_directions_standing_alone_are_stage_blocks_in_italics():
    norm = _normalise(PLAY)
    stage = [b for b in norm.blocks if isinstance(b, Para) and b.role == "stage"]
    assert [plain_text(b.inlines)[:12] for b in stage] == [
        "The scene is",
        "[MRS. HALE i",
        "[She goes ou",
    ]
    assert isinstance(stage[0].inlines[0], Emph)
    title_page = next(b for b in norm.blocks if "A Comedy in One Act" in plain_text(b.inlines))
    assert isinstance(title_page, Para) and title_page.role == ""  # before the play proper
    # a direction inside a speech stays in the speech, in italics, its brackets kept
    turn = next(b for b in norm.blocks if isinstance(b, Para) and b.role == "turn")
    assert turn.inlines[2:5] == (
        Text("["),
        Emph((Text("Stopping at the door."),)),
        Text("] Good morning, Mrs. Hale. Is the lodger in?"),
    )


def test_a_text_that_is_not_a_play_has_no_speakers_and_no_stage_directions():
    # running heads in capitals repeat one line; numerals head stanzas: neither takes turns
    lines: list[str] = []
    for n in ("I.", "II.", "III.", "IV.", "V.", "VI."):
        lines += ["NERVOUS EXHAUSTION.", "", "The nerves of the patient were weak.", "", n, ""]
        lines += ["[A note in brackets.]", ""]
    chunks = split_chunks(tuple(lines))
    assert play_speakers(chunks) == frozenset()
    assert mark_speakers(chunks, Evidence("x")).chunks == chunks
    norm = normalise_text(tuple(lines), evidence_for("x.txt", tuple(lines)), "x")
    assert not any(isinstance(b, Para) and b.role in {"turn", "stage"} for b in norm.blocks)


def test_speaker_label_refuses_headings_and_numerals():
    assert speaker_label("VON RETTENMAYER AND BLAND.") == "VON RETTENMAYER AND BLAND"
    assert speaker_label("ACT II.") == speaker_label("XIV.") == speaker_label("P.S.") == ""
    assert speaker_label("THE END.") == "" and speaker_label("Tom.") == ""


def test_underscores_are_italics_only_where_the_text_uses_them_so():
    assert uses_underscore_emphasis(["_Iskra_ and _Zarya_", "the _new_ board, [_Aside._]"])
    assert not uses_underscore_emphasis(["a file_name", "snake_case_name", "_x_ and _y_ and _z"])
    assert parse_emphasis("a _petite_, bright girl", underscores=True, asterisks=False) == [
        Text("a "),
        Emph((Text("petite"),)),
        Text(", bright girl"),
    ]


def test_words_underscored_inside_italics_are_set_in_roman():
    out = parse_emphasis("[_She is a _petite_, bright girl._]", underscores=True, asterisks=False)
    assert out == [
        Text("["),
        Emph((Text("She is a"),)),
        Text(" petite, "),
        Emph((Text("bright girl."),)),
        Text("]"),
    ]


def test_an_italic_paragraph_ends_its_sentence_and_is_never_joined_to_the_next():
    first = "_" + "The curtain rises on a room in which nothing has been moved for years. " * 3
    first = first.rstrip() + "_"
    assert is_complete(first) and is_complete("[_He goes out._]")
    out = join_page_breaks(
        (Chunk(first, 1), Chunk("Another description follows here.", 3)), Evidence("x")
    )
    assert len(out.chunks) == 2


#: A play whose speakers' names open their speeches (the layout of many Gutenberg plays).
INLINE_PLAY = """ACT I

(A room in a house by the sea. MARTA sits at the window, sewing.)

Marta. Is that you, Erik? Shut the door; the wind is cold.

Erik. It is only the wind, mother. The boat is not in yet.

Marta. Then sit down and wait with me. Yes. Waiting is what we do here.

Erik. (Looking out.) There is a light on the point.

Marta. There is always a light on the point.

Mrs. Holm. (At the door.) May I come in? I saw your lamp.

Erik. Come in, Mrs. Holm. Mother is sewing.

Mrs. Holm. Well. I shall not keep you long.

Marta. You never do. Sit by the fire.

Erik. I will go down to the harbour.

Mrs. Holm. Take a coat, Erik. The night will be long.

Erik. Exactly. Good night.
"""


def test_speaker_names_opening_their_speeches_become_turns():
    norm = _normalise(INLINE_PLAY)
    turns = [b for b in norm.blocks if isinstance(b, Para) and b.role == "turn"]
    assert [t.inlines[0] for t in turns[:2]] == [Speaker("Marta"), Speaker("Erik")]
    assert len(turns) == 12 and turns[5].inlines[0] == Speaker("Mrs. Holm")
    assert plain_text(turns[0].inlines).endswith(
        "Is that you, Erik? Shut the door; the wind is cold."
    )
    stage = [b for b in norm.blocks if isinstance(b, Para) and b.role == "stage"]
    assert len(stage) == 1 and plain_text(stage[0].inlines).startswith("(A room")


def test_a_novel_whose_paragraphs_open_with_a_word_and_a_full_stop_has_no_speakers():
    novel = []
    for i in range(8):
        novel += [f"Yes. She went down to the harbour for the {i} time.", ""]
        novel += [f"Nothing. The boat was not in, and the light on the point burned {i}.", ""]
    assert play_speakers(split_chunks(tuple(novel))) == frozenset()


def test_a_dutch_plays_italic_names_open_turns_under_its_scenes():
    """A play whose speakers' names open their speeches in italics (``_Goedsm._ Ta ta``),
    under scenes headed ``TWEEDE TOONEEL.`` (Dutch ordinal and keyword): turns of the
    scenes' speakers, the scene headings, and ’t (elided "het") with an apostrophe."""
    from pathlib import Path

    from helpers import read_checked
    from samizdat.model import Heading, Para, Speaker, plain_text

    path = Path(__file__).parent / "fixtures/plays/gabriel-ontboezemingen-pg24675-blijspel.txt"
    _, _, norm, _ = read_checked(path)
    heads = [plain_text(b.inlines) for b in norm.blocks if isinstance(b, Heading)]
    assert [h.split(".")[0] for h in heads] == [
        "TWEEDE TOONEEL",
        "DERDE TOONEEL",
        "VIERDE TOONEEL",
        "VIJFDE TOONEEL",
    ]
    turns = [b for b in norm.blocks if isinstance(b, Para) and b.role == "turn"]
    speakers = {n.label for t in turns for n in t.inlines if isinstance(n, Speaker)}
    assert speakers >= {"Goedsm", "Clara", "Math", "Judoc"} and len(turns) >= 20
    first = plain_text(turns[0].inlines)
    assert "Ta ta ta, kinderen, wat nu! Alweêr aan ’t kijven" in first
    paras = [plain_text(b.inlines) for b in norm.blocks if isinstance(b, Para)]
    assert not any(p.startswith(("Goedsm.", "Clara.")) for p in paras if p)


def test_an_essays_paragraph_opening_on_a_word_in_italics_is_no_speech():
    """Schopenhauer's essays close with a dialogue whose names open the speeches in italics
    (``_Thrasymachos_. Tell me``); an essay's ``_Brahma_ is said to have…`` has no stop after
    its italics, so it is a paragraph of the essay, every word of it kept."""
    essay = "_Brahma_ is said to have produced the world by a kind of fall or\nmistake."
    lines = [essay, ""]
    for i in range(6):
        lines += [f"_Thrasymachos_. Tell me now, in one word, question {i}?", ""]
        lines += [f"_Philalethes_. All and nothing, answer {i}!", ""]
    norm = _normalise("\n".join(lines))
    turns = [b for b in norm.blocks if isinstance(b, Para) and b.role == "turn"]
    assert len(turns) == 12
    assert {b.inlines[0] for b in turns} == {Speaker("Thrasymachos"), Speaker("Philalethes")}
    first = norm.blocks[0]
    assert first.role == "" and plain_text(first.inlines).lstrip("_").startswith("Brahma")
    assert "is said to have produced the world" in plain_text(first.inlines)
