import json

from seccomp import generate, policy


def test_checked_in_profiles_match_the_generator() -> None:
    assert generate.drifted() == [], "run `python -m seccomp.generate` and commit the result"


def test_drift_is_detected(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(generate, "PROFILES", tmp_path)
    for lang in policy.LANGUAGE_ALLOW:
        generate.path_for(lang).write_text(generate.render(lang))
    assert generate.drifted() == []
    generate.path_for("c").write_text(generate.render("c").replace('"read"', '"ptrace"'))
    assert generate.drifted() == ["c"]


def test_profiles_deny_the_kernel_surface() -> None:
    for lang in policy.LANGUAGE_ALLOW:
        prof = json.loads(generate.path_for(lang).read_text())
        assert prof["defaultAction"] == "SCMP_ACT_ERRNO"
        allowed = set(prof["syscalls"][0]["names"])
        assert not allowed & set(policy.DENY), lang
        clone = prof["syscalls"][1]
        assert clone["names"] == ["clone"] and clone["args"][0]["op"] == "SCMP_CMP_MASKED_EQ"


def test_the_deny_list_names_the_kernel_surface_and_ipc_that_outlives_a_test() -> None:
    assert {"ptrace", "process_vm_readv", "bpf", "perf_event_open", "keyctl", "mount", "unshare",
            "setns", "userfaultfd", "io_uring_setup", "kexec_load", "init_module", "reboot",
            "swapon", "clock_settime", "shmget", "shmat", "semget", "semop", "msgget", "msgsnd",
            "mq_open", "mq_timedsend"} <= set(policy.DENY)


def test_generator_refuses_a_denied_syscall(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(policy.LANGUAGE_ALLOW, "c", ("ptrace",))
    try:
        generate.profile("c")
    except ValueError as exc:
        assert "ptrace" in str(exc)
    else:
        raise AssertionError("a denied syscall was allowed")
