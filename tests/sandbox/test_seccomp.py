import json

from seccomp import generate, policy


def test_checked_in_profiles_match_the_generator() -> None:
    assert generate.drifted() == [], "run `python -m seccomp.generate` and commit the result"


def test_drift_is_detected(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(generate, "PROFILES", tmp_path)
    for lang in policy.LANGUAGE_ALLOW:
        for jail in (False, True):
            generate.path_for(lang, jail).write_text(generate.render(lang, jail))
    assert generate.drifted() == []
    generate.path_for("c").write_text(generate.render("c").replace('"read"', '"ptrace"'))
    generate.path_for("java", jail=True).unlink()
    assert generate.drifted() == ["c.json", "java.jail.json"]


def test_profiles_deny_the_kernel_surface() -> None:
    for lang in policy.LANGUAGE_ALLOW:
        prof = json.loads(generate.path_for(lang).read_text())
        assert prof["defaultAction"] == "SCMP_ACT_ERRNO"
        allowed = set(prof["syscalls"][0]["names"])
        assert not allowed & set(policy.DENY), lang
        clone = prof["syscalls"][1]
        assert clone["names"] == ["clone"] and clone["args"][0]["op"] == "SCMP_CMP_MASKED_EQ"


def test_jail_profiles_add_only_what_making_a_jail_needs() -> None:
    """The container's filter in jail mode lets the launcher clone into new namespaces and the
    jail's pid 1 mount and name its host; nothing else of DENY. (Learner programs get a second
    filter refusing these: tests/attacks/test_cross_submission.py proves it.)"""
    for lang in policy.LANGUAGE_ALLOW:
        prof = json.loads(generate.path_for(lang, jail=True).read_text())
        allowed = set(prof["syscalls"][0]["names"])
        assert allowed & set(policy.DENY) == {"mount"}, lang
        assert allowed - set(json.loads(generate.path_for(lang).read_text())["syscalls"][0]
                             ["names"]) == {"mount", "sethostname"}
        assert prof["syscalls"][1] == {"names": ["clone"], "action": "SCMP_ACT_ALLOW"}


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
