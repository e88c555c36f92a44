"""Throughput of transliteration and keys: ``python benchmarks/bench_translit.py``.

Prints, per scheme, words/second for single names (cold: cache cleared before
each word; warm: repeated names, as in a real corpus) and for 1 kB of running
text, then keys/second.  Figures are for one core of the machine it runs on.
"""

from __future__ import annotations

import time

from corpus.names import keys, translit
from corpus.names.translit import forward, reverse

NAMES = (
    "Власов Жиленков Малышкин Трухин Буняченко Прянишников Меандров Зыков "
    "Благовещенский Закутный Мальцев Туркул Шаповалов Богданов Пожарский Кромиади"
).split()
TEXT = (
    "Комитет освобождения народов России был создан в Праге в ноябре 1944 года. "
    "Генерал Андрей Андреевич Власов возглавил Комитет и Вооружённые силы КОНР; "
    "первой дивизией командовал Сергей Кузьмич Буняченко, штабом — Фёдор Иванович Трухин. "
) * 4
TEXT = TEXT[:1000]
LATIN = ["Vlasov", "Wlassow", "Vlasoff", "Khrushchev", "Bunjatschenko", "Trukhin"]


def rate(n: int, seconds: float) -> str:
    return f"{n / seconds:>12,.0f}/s"


def timed(fn, repeat: int) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        fn()
    return time.perf_counter() - start


def bench_scheme(scheme_id: str) -> tuple[str, str, str]:
    translit.to_latin(NAMES[0], scheme_id)  # compile the engine outside the clock

    def cold():
        for name in NAMES:
            forward._BATCH_CACHE.clear()
            translit.to_latin(name, scheme_id)

    def warm():
        for name in NAMES:
            translit.to_latin(name, scheme_id)

    def text():
        forward._BATCH_CACHE.clear()
        translit.to_latin(TEXT, scheme_id)

    reps = 20
    return (
        rate(reps * len(NAMES), timed(cold, reps)),
        rate(reps * len(NAMES), timed(warm, reps)),
        f"{reps * len(TEXT) / 1000 / timed(text, reps):>9,.0f} kB/s",
    )


def main() -> None:
    print(f"{'scheme':<12} {'words cold':>14} {'words warm':>14} {'1 kB text':>12}")
    for scheme in translit.schemes():
        cold, warm, text = bench_scheme(scheme.id)
        print(f"{scheme.id:<12} {cold:>14} {warm:>14} {text:>12}")

    words = TEXT.split() + NAMES + LATIN
    for fn in (keys.fold, keys.cross_key, keys.phonetic_key):
        fn.cache_clear()
        n = 0
        start = time.perf_counter()
        for i in range(50):
            for w in words:
                fn(f"{w}{i}")  # distinct strings: measure the work, not the cache
                n += 1
        print(f"{fn.__name__:<12} {rate(n, time.perf_counter() - start)}")

    start = time.perf_counter()
    translit.to_cyrillic("Vlasov")
    first = time.perf_counter() - start
    print(f"{'to_cyrillic first call (builds all reverse tables)':<52} {first:.2f} s")
    start = time.perf_counter()
    for w in LATIN:
        reverse._reverse_word.cache_clear()
        translit.to_cyrillic(w)
    per_word_ms = (time.perf_counter() - start) / len(LATIN) * 1000
    print(f"{'to_cyrillic, all schemes, per word':<52} {per_word_ms:.1f} ms")


if __name__ == "__main__":
    main()
