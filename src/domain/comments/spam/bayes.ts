/**
 * The naive-Bayes arithmetic, as Gary Robinson proposed it and SpamBayes uses it: no storage here.
 *
 * Token probability (Graham): p(w) = (s/S) / (s/S + h/H), where s and h are the spam and ham comments
 * that held the token and S and H all spam and ham comments learned. Dividing by S and H keeps a blog
 * that has seen ten times more ham than spam from reading every word as ham.
 *
 * Robinson's smoothing instead of Laplace: f(w) = (STRENGTH · 0.5 + n · p(w)) / (STRENGTH + n), n = s + h.
 * A token seen once stays near 0.5 (unknown); one seen in forty comments speaks almost with its own
 * voice. Tokens never seen are left out.
 *
 * Combining (Robinson's Fisher method): of the MAX_CLUES tokens furthest from 0.5 (and at least
 * MIN_STRENGTH away), S = 1 − C⁻¹(−2 Σ ln(1 − f), 2n) and H = 1 − C⁻¹(−2 Σ ln f, 2n), where C⁻¹ is the
 * chi-square survival function; the score is (1 + S − H) / 2. Unlike the plain product of naive Bayes,
 * which is almost always 0 or 1, this score has a real middle: when the evidence points both ways, or
 * nowhere, it sits near 0.5 — which is where a comment should be held rather than judged.
 */

/** How many comments of each kind held a token, and how many comments of each kind were learned. */
export interface TokenCounts {
  spam: number;
  ham: number;
}

export const STRENGTH = 0.45;
export const MIN_STRENGTH = 0.1;
export const MAX_CLUES = 150;

/** Robinson's smoothed probability that a comment holding this token is spam. */
export function tokenSpamProbability(token: TokenCounts, corpus: TokenCounts): number {
  const n = token.spam + token.ham;
  if (n === 0 || corpus.spam === 0 || corpus.ham === 0) return 0.5;
  const spamRatio = Math.min(1, token.spam / corpus.spam);
  const hamRatio = Math.min(1, token.ham / corpus.ham);
  const p = spamRatio / (spamRatio + hamRatio);
  return (STRENGTH * 0.5 + n * p) / (STRENGTH + n);
}

/** P(χ² with `dof` degrees of freedom ≥ x), for even `dof`: the series in closed form. */
export function chiSquareSurvival(x: number, dof: number): number {
  const m = x / 2;
  let term = Math.exp(-m);
  let sum = term;
  for (let i = 1; i < dof / 2; i++) {
    term *= m / i;
    sum += term;
  }
  return Math.min(1, sum);
}

/** The spam score, 0 (ham) … 1 (spam), of a comment whose known tokens have these probabilities. */
export function combine(probabilities: readonly number[]): number {
  const clues = probabilities
    .filter((p) => Math.abs(p - 0.5) >= MIN_STRENGTH)
    .sort((a, b) => Math.abs(b - 0.5) - Math.abs(a - 0.5))
    .slice(0, MAX_CLUES)
    // Never exactly 0 or 1: a logarithm of 0 would end the argument for one side.
    .map((p) => Math.min(0.99, Math.max(0.01, p)));
  if (clues.length === 0) return 0.5;
  let spamLog = 0;
  let hamLog = 0;
  for (const p of clues) {
    spamLog += Math.log(1 - p);
    hamLog += Math.log(p);
  }
  const s = 1 - chiSquareSurvival(-2 * spamLog, 2 * clues.length);
  const h = 1 - chiSquareSurvival(-2 * hamLog, 2 * clues.length);
  return (1 + s - h) / 2;
}
