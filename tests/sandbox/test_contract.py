from sandbox.contract import Event, EventKind, ExecResult, Job, LimitHit, Limits, Status, TestInput


def test_job_round_trips_through_json_types() -> None:
    job = Job("c", {"main.c": b"\x00\xffint main(){}"}, [TestInput("a", b"1 2\n")],
              Limits(time_s=0.5, memory_mb=64))
    assert Job.from_dict(job.to_dict()) == job


def test_result_round_trip_keeps_bytes_and_enums() -> None:
    r = ExecResult(Status.TIME_LIMIT, signal=9, stdout=b"\xff\n", limit_hit=LimitHit.WALL_TIME)
    back = ExecResult.from_dict(r.to_dict())
    assert back == r and back.status is Status.TIME_LIMIT and back.limit_hit is LimitHit.WALL_TIME


def test_wall_limit_defaults_from_cpu_limit() -> None:
    assert Limits(time_s=1.0).wall == 3.0
    assert Limits(time_s=1.0, wall_s=1.5).wall == 1.5


def test_event_to_dict() -> None:
    e = Event(EventKind.TEST_FINISHED, test="a", index=0, result=ExecResult(Status.OK))
    assert e.to_dict()["result"]["status"] == "ok"
