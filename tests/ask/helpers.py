"""Asking in turns and reading what an answer cites: shared by the tests on the gathered forms."""

from assistant.ask import Session


def ask(asker, *turns):
    """The last answer of one session asked `turns` in order."""
    session = Session()
    answers = [asker.ask(turn, session) for turn in turns]
    return answers[-1]


def cited(answer):
    return [c.id for c in answer.citations]
