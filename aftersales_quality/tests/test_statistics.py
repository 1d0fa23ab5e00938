import math

from odoo.tests import BaseCase, tagged

from odoo.addons.aftersales_quality.tools import stats


@tagged("post_install", "-at_install")
class TestStatistics(BaseCase):
    """The tests of the problem identification against reference values worked by
    hand (closed forms) or from the standard tables."""

    def test_poisson_tail(self):
        # P(X >= 6 | mu = 2) = 1 - e^-2 (1 + 2 + 2 + 4/3 + 2/3 + 4/15)
        expected = 1 - math.exp(-2) * (1 + 2 + 2 + 4 / 3 + 2 / 3 + 4 / 15)
        self.assertAlmostEqual(stats.poisson_sf(6, 2.0), expected, places=12)
        self.assertAlmostEqual(expected, 0.0165636, places=6)
        self.assertEqual(stats.poisson_sf(0, 3.0), 1.0)
        self.assertEqual(stats.poisson_sf(1, 0.0), 0.0)

    def test_binomial_tails(self):
        # P(X >= 5 | n = 9, p = 0.2) = sum C(9, k) 0.2^k 0.8^(9-k), k = 5..9
        expected = sum(math.comb(9, k) * 0.2**k * 0.8 ** (9 - k) for k in range(5, 10))
        self.assertAlmostEqual(stats.binom_sf(5, 9, 0.2), expected, places=12)
        self.assertAlmostEqual(expected, 0.01958144, places=8)
        # P(X <= 3 | 12, 1/2) = (1 + 12 + 66 + 220) / 4096
        self.assertAlmostEqual(stats.binom_cdf(3, 12, 0.5), 299 / 4096, places=12)
        # large n: the normal approximation with continuity correction,
        # P(X >= 5100 | 10000, 1/2): z = (5099.5 - 5000) / 50 = 1.99
        self.assertAlmostEqual(stats.binom_sf(5100, 10000, 0.5), stats.normal_sf(1.99), places=12)
        self.assertAlmostEqual(stats.normal_sf(1.99), 0.0232955, places=6)

    def test_student_t_against_the_table(self):
        # critical values of Student's t (one-sided): t(0.05, 10) = 1.812461,
        # t(0.025, 5) = 2.570582, t(0.05, 30) = 1.697261
        self.assertAlmostEqual(stats.t_sf(1.812461, 10), 0.05, places=6)
        self.assertAlmostEqual(stats.t_sf(2.570582, 5), 0.025, places=6)
        self.assertAlmostEqual(stats.t_sf(1.697261, 30), 0.05, places=6)
        self.assertAlmostEqual(stats.t_sf(-1.812461, 10), 0.95, places=6)
        self.assertAlmostEqual(stats.t_sf(0.0, 7), 0.5, places=12)
        self.assertAlmostEqual(stats.normal_sf(1.959964), 0.025, places=6)

    def test_rate_test(self):
        # 6 cases this week against 8 over four weeks: Binomial(14, 1/5), P(X >= 6)
        result = stats.rate_test(6, 1, 8, 4)
        expected = sum(math.comb(14, k) * 0.2**k * 0.8 ** (14 - k) for k in range(6, 15))
        self.assertAlmostEqual(result.p_value, expected, places=12)
        self.assertAlmostEqual(result.score, (6 - 2.8) / math.sqrt(14 * 0.2 * 0.8), places=12)
        self.assertEqual(result.test, "poisson")
        # steady: 3 a week against 12 over four weeks
        self.assertGreater(stats.rate_test(3, 1, 12, 4).p_value, 0.5)
        # a fall (effectiveness): 3 after against 9 before over equal windows
        self.assertAlmostEqual(stats.rate_drop_test(3, 30, 9, 30).p_value, 299 / 4096, places=12)

    def test_proportion_test(self):
        # 4 reopened of 6 against 0 of 20 before: the reference share is 0.5 / 21
        p0 = 0.5 / 21
        result = stats.proportion_test(4, 6, 0, 20)
        expected = sum(math.comb(6, k) * p0**k * (1 - p0) ** (6 - k) for k in range(4, 7))
        self.assertAlmostEqual(result.p_value, expected, places=12)
        self.assertEqual(result.test, "binomial")
        self.assertEqual(stats.proportion_test(0, 0, 3, 10).p_value, 1.0)

    def test_welch(self):
        # n1 = 10, mean 3.0, var 1.0; n0 = 40, mean 4.2, var 0.8; lower is worse:
        # se^2 = 0.1 + 0.02 = 0.12, t = 1.2 / sqrt(0.12),
        # df = 0.12^2 / (0.1^2 / 9 + 0.02^2 / 39)
        result = stats.welch_test(10, 3.0, 1.0, 40, 4.2, 0.8, higher_is_worse=False)
        t = 1.2 / math.sqrt(0.12)
        df = 0.12**2 / (0.1**2 / 9 + 0.02**2 / 39)
        self.assertAlmostEqual(result.score, t, places=12)
        self.assertAlmostEqual(result.p_value, stats.t_sf(t, df), places=12)
        self.assertLess(result.p_value, 0.01)
        # the same figures judged the other way round: no deterioration
        self.assertGreater(stats.welch_test(10, 3.0, 1.0, 40, 4.2, 0.8).p_value, 0.99)
        # too few values: no verdict
        self.assertEqual(stats.welch_test(1, 1.0, 0.0, 40, 4.2, 0.8).p_value, 1.0)
