"""The bounded least-recently-used mapping behind the process-local memos."""

import threading

import pytest

from agora.core.bounded import BoundedLRU


def test_it_drops_the_least_recently_used_entry_past_its_size():
    kept: BoundedLRU[str, int] = BoundedLRU(2)
    kept.put("a", 1)
    kept.put("b", 2)
    assert kept.get("a") == 1  # a is used again: b is now the oldest
    kept.put("c", 3)
    assert kept.oldest_first() == ["a", "c"]
    assert kept.get("b") is None
    assert (kept.get("a"), kept.get("c"), len(kept)) == (1, 3, 2)


def test_putting_a_key_again_replaces_its_value_without_growing():
    kept: BoundedLRU[str, int] = BoundedLRU(2)
    kept.put("a", 1)
    kept.put("a", 2)
    assert (kept.get("a"), len(kept)) == (2, 1)
    kept.clear()
    assert "a" not in kept


def test_a_size_below_one_is_refused():
    with pytest.raises(ValueError, match="size"):
        BoundedLRU(0)


def test_threads_never_push_it_past_its_size_or_mix_keys():
    kept: BoundedLRU[int, int] = BoundedLRU(8)
    errors: list[BaseException] = []

    def work(offset: int) -> None:
        try:
            for number in range(offset, offset + 2000):
                kept.put(number, number * 10)
                found = kept.get(number - 1)
                assert found is None or found == (number - 1) * 10
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=work, args=(start * 10_000,)) for start in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(kept) <= 8
    assert all(kept.get(key) in (None, key * 10) for key in kept.oldest_first())


def test_a_weight_bound_drops_the_oldest_until_the_total_fits():
    kept: BoundedLRU[str, str] = BoundedLRU(10, max_weight=10, weigh=len)
    kept.put("a", "aaaa")
    kept.put("b", "bbbb")
    kept.put("c", "cccc")  # 12 > 10: a goes
    assert (kept.oldest_first(), kept.weight) == (["b", "c"], 8)
    kept.put("b", "bb")  # replacing counts the new weight only
    assert (kept.oldest_first(), kept.weight) == (["c", "b"], 6)
    kept.put("huge", "x" * 11)  # heavier than the whole store: not kept, nothing dropped
    assert (kept.oldest_first(), kept.weight) == (["c", "b"], 6)


def test_a_weight_bound_needs_its_weighing():
    with pytest.raises(ValueError, match="weigh"):
        BoundedLRU(2, max_weight=10)
