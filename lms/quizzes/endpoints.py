"""/courses/{slug}/quizzes, question banks and attempts. Editors author; learners take quizzes
and read back their attempts, seeing keys and feedback only when the quiz's policy allows."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response, status
from sqlalchemy.orm import Session

from accounts.deps import PrincipalDep
from accounts.service import Principal
from kit.web.deps import SessionDep
from lms.courses import service as courses
from lms.quizzes import attempts, schemas
from lms.quizzes import service as quizzes
from models import Course, Quiz

router = APIRouter(prefix="/courses", tags=["quizzes"])


def quiz_out(s: Session, who: Principal, course: Course, row: Quiz) -> schemas.QuizOut:
    count, top = quizzes.max_score(s, row)
    out = schemas.QuizOut(
        id=row.id, course_id=row.course_id, title=row.title, attempt_limit=row.attempt_limit,
        passing_score=row.passing_score, time_limit_s=row.time_limit_s, opens_at=row.opens_at,
        closes_at=row.closes_at, feedback=row.feedback, scoring=row.scoring,
        shuffle_questions=row.shuffle_questions, shuffle_options=row.shuffle_options,
        draws=[schemas.Draw(**d) for d in row.draws], question_count=count, max_score=top)
    if courses.can_edit(s, who, course):
        out.questions = [quizzes.editor_view(q) for q in quizzes.fixed(s, row)]
    had = attempts.mine(s, row, who.user_id)
    out.attempts = [attempts.summary(row, a) for a in had]
    out.attempts_left = attempts.attempts_left(row, had)
    return out


# -- authoring ----------------------------------------------------------------------------------
@router.post("/{slug}/quizzes", status_code=status.HTTP_201_CREATED,
             response_model=schemas.QuizOut)
def create(slug: str, body: schemas.QuizCreate, who: PrincipalDep,
           s: SessionDep) -> schemas.QuizOut:
    course = courses.editable(s, who, slug)
    return quiz_out(s, who, course, quizzes.create(s, course, body))


@router.get("/{slug}/quizzes", response_model=list[schemas.QuizOut])
def listing(slug: str, who: PrincipalDep, s: SessionDep) -> list[schemas.QuizOut]:
    """The course's quizzes, for its staff."""
    course = courses.staffed(s, who, slug)
    return [quiz_out(s, who, course, q) for q in quizzes.quizzes_of(s, course)]


@router.get("/{slug}/quizzes/{quiz_id}", response_model=schemas.QuizOut)
def get(slug: str, quiz_id: uuid.UUID, who: PrincipalDep, s: SessionDep) -> schemas.QuizOut:
    """Settings, what it is worth and the caller's attempts; editors also get the questions
    with their keys. Learners need the quiz's lesson open."""
    course = courses.get(s, who, slug)
    row = quizzes.quiz(s, course, quiz_id)
    attempts.check_access(s, who, course, row)
    return quiz_out(s, who, course, row)


@router.patch("/{slug}/quizzes/{quiz_id}", response_model=schemas.QuizOut)
def update(slug: str, quiz_id: uuid.UUID, body: schemas.QuizUpdate, who: PrincipalDep,
           s: SessionDep) -> schemas.QuizOut:
    course = courses.editable(s, who, slug)
    row = quizzes.quiz(s, course, quiz_id)
    return quiz_out(s, who, course, quizzes.update(s, course, row,
                                                   body.model_dump(exclude_unset=True)))


@router.delete("/{slug}/quizzes/{quiz_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete(slug: str, quiz_id: uuid.UUID, who: PrincipalDep, s: SessionDep) -> Response:
    course = courses.editable(s, who, slug)
    quizzes.delete(s, quizzes.quiz(s, course, quiz_id))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/{slug}/quizzes/{quiz_id}/questions", status_code=status.HTTP_201_CREATED,
             response_model=schemas.QuestionOut)
def add_question(slug: str, quiz_id: uuid.UUID, body: schemas.QuestionIn, who: PrincipalDep,
                 s: SessionDep) -> schemas.QuestionOut:
    course = courses.editable(s, who, slug)
    row = quizzes.quiz(s, course, quiz_id)
    return quizzes.editor_view(quizzes.add_question(s, who, course, body, quiz=row))


@router.put("/{slug}/quizzes/{quiz_id}/order", response_model=schemas.QuizOut)
def reorder(slug: str, quiz_id: uuid.UUID, body: schemas.QuestionOrder, who: PrincipalDep,
            s: SessionDep) -> schemas.QuizOut:
    course = courses.editable(s, who, slug)
    row = quizzes.quiz(s, course, quiz_id)
    quizzes.reorder(s, row, body.question_ids)
    return quiz_out(s, who, course, row)


@router.put("/{slug}/questions/{question_id}", response_model=schemas.QuestionOut)
def replace_question(slug: str, question_id: uuid.UUID, body: schemas.QuestionIn,
                     who: PrincipalDep, s: SessionDep) -> schemas.QuestionOut:
    """A new text or key (options keep their ids); attempts keep their scores until a
    regrade."""
    course = courses.editable(s, who, slug)
    row = quizzes.question(s, course, question_id)
    return quizzes.editor_view(quizzes.replace_question(s, who, row, body))


@router.delete("/{slug}/questions/{question_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_question(slug: str, question_id: uuid.UUID, who: PrincipalDep,
                    s: SessionDep) -> Response:
    course = courses.editable(s, who, slug)
    quizzes.delete_question(s, quizzes.question(s, course, question_id))
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/{slug}/questions/{question_id}/regrade", response_model=schemas.RegradeOut)
def regrade(slug: str, question_id: uuid.UUID, who: PrincipalDep,
            s: SessionDep) -> schemas.RegradeOut:
    """Score every submitted attempt holding the question again, against its current key;
    learners' lesson completion follows."""
    course = courses.editable(s, who, slug)
    return schemas.RegradeOut(rescored=attempts.regrade(s, quizzes.question(s, course,
                                                                            question_id)))


@router.post("/{slug}/question-banks", status_code=status.HTTP_201_CREATED,
             response_model=schemas.BankOut)
def create_bank(slug: str, body: schemas.BankCreate, who: PrincipalDep,
                s: SessionDep) -> schemas.BankOut:
    course = courses.editable(s, who, slug)
    row = quizzes.create_bank(s, course, body.title)
    return schemas.BankOut(id=row.id, title=row.title, questions=[])


@router.get("/{slug}/question-banks", response_model=list[schemas.BankOut])
def banks(slug: str, who: PrincipalDep, s: SessionDep) -> list[schemas.BankOut]:
    course = courses.editable(s, who, slug)
    return [schemas.BankOut(id=b.id, title=b.title, questions=[
        quizzes.editor_view(q) for q in quizzes.bank_questions(s, b)])
        for b in quizzes.banks_of(s, course)]


@router.post("/{slug}/question-banks/{bank_id}/questions", status_code=status.HTTP_201_CREATED,
             response_model=schemas.QuestionOut)
def add_bank_question(slug: str, bank_id: uuid.UUID, body: schemas.QuestionIn,
                      who: PrincipalDep, s: SessionDep) -> schemas.QuestionOut:
    course = courses.editable(s, who, slug)
    into = quizzes.bank(s, course, bank_id)
    return quizzes.editor_view(quizzes.add_question(s, who, course, body, into=into))


# -- attempts -----------------------------------------------------------------------------------
@router.post("/{slug}/quizzes/{quiz_id}/attempts", response_model=schemas.AttemptOut,
             status_code=status.HTTP_201_CREATED)
def start(slug: str, quiz_id: uuid.UUID, who: PrincipalDep, s: SessionDep) -> schemas.AttemptOut:
    """Start an attempt, or resume the one in progress. Its deadline is the server's."""
    course = courses.get(s, who, slug)
    row = quizzes.quiz(s, course, quiz_id)
    return attempts.view(s, row, attempts.start(s, who, course, row))


@router.get("/{slug}/attempts/{attempt_id}", response_model=schemas.AttemptOut)
def attempt(slug: str, attempt_id: uuid.UUID, who: PrincipalDep,
            s: SessionDep) -> schemas.AttemptOut:
    course = courses.get(s, who, slug)
    row = attempts.attempt_of(s, who, course, attempt_id)
    quiz = quizzes.quiz(s, course, row.quiz_id)
    return attempts.view(s, quiz, row)


@router.put("/{slug}/attempts/{attempt_id}/answers/{question_id}",
            response_model=schemas.AnswerOut)
def save(slug: str, attempt_id: uuid.UUID, question_id: uuid.UUID, body: schemas.AnswerIn,
         who: PrincipalDep, s: SessionDep) -> schemas.AnswerOut:
    """Autosave one answer: send the `version` you last saw (0 for none); a stale one is 409
    with the current version. Refused once the attempt is submitted or its time is up."""
    course = courses.get(s, who, slug)
    row = attempts.save(s, who, course, attempt_id, question_id, body)
    return schemas.AnswerOut(question_id=question_id, version=row.version,
                             saved_at=row.updated_at)


@router.post("/{slug}/attempts/{attempt_id}/submit", response_model=schemas.AttemptOut)
def submit(slug: str, attempt_id: uuid.UUID, who: PrincipalDep,
           s: SessionDep) -> schemas.AttemptOut:
    """Score the attempt (idempotent: a submitted attempt is returned as it is)."""
    course = courses.get(s, who, slug)
    row = attempts.submit(s, who, course, attempt_id)
    return attempts.view(s, quizzes.quiz(s, course, row.quiz_id), row)

