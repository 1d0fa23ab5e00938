"""Small exact statistical tests for the quality analysis (no scipy needed).

Every test here is one-sided and answers: "is the current figure *worse*
than the reference, beyond what chance would give?" It returns a
``TestResult`` with the p-value (the probability of a figure at least this bad
if nothing had changed) and a score (standard deviations, or Student's t).

* Counts with an exposure (cases per day, cases per order, per delivered unit):
  the *Poisson rate test* (conditional binomial): given the ``k1 + k0`` events of
  both periods, under equal rates the current period's share follows
  ``Binomial(k1 + k0, e1 / (e1 + e0))``.
* Shares of cases (breached, reopened, returned…): the *binomial test* of the
  current ``k1`` out of ``n1`` against the reference share.
* Means (resolution time, satisfaction score): *Welch's t-test* from the
  count, mean and variance of each side (what SQL aggregates give).

Binomial tails are summed exactly up to ``EXACT_LIMIT`` trials, above with the
normal approximation and its continuity correction (the error is then far
below any significance level used).
"""

import math
from collections import namedtuple

EXACT_LIMIT = 5000

TestResult = namedtuple("TestResult", "p_value score test")


def normal_sf(z):
    """P(Z >= z) for a standard normal Z."""
    return 0.5 * math.erfc(z / math.sqrt(2.0))


def _log_binom_pmf(k, n, p):
    if p <= 0.0:
        return 0.0 if k == 0 else -math.inf
    if p >= 1.0:
        return 0.0 if k == n else -math.inf
    return (
        math.lgamma(n + 1)
        - math.lgamma(k + 1)
        - math.lgamma(n - k + 1)
        + k * math.log(p)
        + (n - k) * math.log1p(-p)
    )


def binom_sf(k, n, p):
    """P(X >= k) for X ~ Binomial(n, p)."""
    if k <= 0:
        return 1.0
    if k > n:
        return 0.0
    if n > EXACT_LIMIT and 0.0 < p < 1.0:
        sd = math.sqrt(n * p * (1.0 - p))
        return normal_sf((k - 0.5 - n * p) / sd)
    return min(1.0, sum(math.exp(_log_binom_pmf(i, n, p)) for i in range(k, n + 1)))


def binom_cdf(k, n, p):
    """P(X <= k) for X ~ Binomial(n, p)."""
    if k < 0:
        return 0.0
    if k >= n:
        return 1.0
    return binom_sf(n - k, n, 1.0 - p)


def poisson_sf(k, mu):
    """P(X >= k) for X ~ Poisson(mu)."""
    if k <= 0:
        return 1.0
    if mu <= 0.0:
        return 0.0
    # 1 - P(X <= k - 1), the terms summed in log space
    cdf = sum(math.exp(i * math.log(mu) - mu - math.lgamma(i + 1)) for i in range(k))
    return max(0.0, 1.0 - cdf)


def _betacf(a, b, x):
    """Continued fraction of the incomplete beta function (modified Lentz)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-14:
            break
    return h


def betainc(a, b, x):
    """Regularized incomplete beta function I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    front = math.exp(
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, 1.0 - x) / b


def t_sf(t, df):
    """P(T >= t) for Student's T with ``df`` degrees of freedom (df may be fractional)."""
    if math.isinf(df):
        return normal_sf(t)
    tail = 0.5 * betainc(df / 2.0, 0.5, df / (df + t * t))
    return tail if t >= 0 else 1.0 - tail


def rate_test(k1, e1, k0, e0):
    """Is the current rate ``k1 / e1`` higher than the reference ``k0 / e0``?

    Poisson rate test, conditional on the ``k1 + k0`` events (exact)."""
    n = k1 + k0
    if e1 <= 0 or e0 <= 0 or n == 0:
        return TestResult(1.0, 0.0, "poisson")
    p = e1 / (e1 + e0)
    score = (k1 - n * p) / math.sqrt(n * p * (1.0 - p))
    return TestResult(binom_sf(k1, n, p), score, "poisson")


def rate_drop_test(k1, e1, k0, e0):
    """Is the current rate ``k1 / e1`` lower than the reference ``k0 / e0``?"""
    n = k1 + k0
    if e1 <= 0 or e0 <= 0 or n == 0:
        return TestResult(1.0, 0.0, "poisson")
    p = e1 / (e1 + e0)
    score = (n * p - k1) / math.sqrt(n * p * (1.0 - p))
    return TestResult(binom_cdf(k1, n, p), score, "poisson")


def reference_share(k0, n0):
    """The reference share, never exactly 0 or 1 (half an event added either way)."""
    return (k0 + 0.5) / (n0 + 1.0)


def proportion_test(k1, n1, k0, n0):
    """Is the current share ``k1 / n1`` higher than the reference ``k0 / n0``?

    Exact binomial test against the reference share."""
    if n1 <= 0:
        return TestResult(1.0, 0.0, "binomial")
    p0 = reference_share(k0, n0)
    score = (k1 - n1 * p0) / math.sqrt(n1 * p0 * (1.0 - p0))
    return TestResult(binom_sf(k1, n1, p0), score, "binomial")


def proportion_drop_test(k1, n1, k0, n0):
    """Is the current share ``k1 / n1`` lower than the reference ``k0 / n0``?"""
    if n1 <= 0:
        return TestResult(1.0, 0.0, "binomial")
    p0 = reference_share(k0, n0)
    score = (n1 * p0 - k1) / math.sqrt(n1 * p0 * (1.0 - p0))
    return TestResult(binom_cdf(k1, n1, p0), score, "binomial")


def welch_test(n1, mean1, var1, n0, mean0, var0, higher_is_worse=True):
    """Is the current mean worse (higher, or lower with ``higher_is_worse=False``)
    than the reference mean? Welch's t-test, one-sided."""
    if n1 < 2 or n0 < 2:
        return TestResult(1.0, 0.0, "welch")
    diff = (mean1 - mean0) if higher_is_worse else (mean0 - mean1)
    s1, s0 = (var1 or 0.0) / n1, (var0 or 0.0) / n0
    se2 = s1 + s0
    if se2 <= 0.0:
        # no spread at all: any difference is certain, none is no evidence
        return TestResult(0.0 if diff > 0 else 1.0, math.inf if diff > 0 else 0.0, "welch")
    t = diff / math.sqrt(se2)
    df = se2 * se2 / ((s1 * s1) / (n1 - 1) + (s0 * s0) / (n0 - 1))
    return TestResult(t_sf(t, df), t, "welch")


def confidence(p_value):
    """The confidence (%) of a verdict whose p-value is ``p_value``."""
    return max(0.0, min(100.0, (1.0 - p_value) * 100.0))
