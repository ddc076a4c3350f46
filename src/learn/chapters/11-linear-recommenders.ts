import type { Chapter } from '../types';
import { code, md } from './md';

const movielens = { dataset: 'movielens-latest-small' } as const;

export const linearRecommenders: Chapter = {
  id: 'linear-recommenders',
  title: 'Back to the linear autoencoder: low rank, EASE, honest baselines',
  summary: 'A linear autoencoder is a low-rank item–item model; EASE drops the rank limit and forbids the identity; popularity and EASE are the baselines to beat.',
  steps: [
    {
      title: 'A linear autoencoder is a low-rank factorisation',
      prose: md`
Put the users' click rows in a matrix $X$ ($U \times I$) and apply chapter 2's linear autoencoder without biases:

$$\hat{X} = X W_e W_d$$

Each user's code $x_u W_e$ is a $K$-number profile, each row of $W_d$ a $K$-number item profile: this is a rank-$K$ **matrix factorisation**, and the item–item matrix $W_e W_d$ has rank at most $K$. With squared error its best solution is again PCA-like: the top-$K$ singular subspace of $X$.
      `,
    },
    {
      title: 'EASE: full rank, zero diagonal',
      prose: md`Why limit the rank at all? Steck (2019) learns a full $I \times I$ item–item matrix $B$:

$$\min_B \lVert X - X B \rVert_F^2 + \lambda \lVert B \rVert_F^2 \quad \text{subject to} \quad \operatorname{diag}(B) = 0$$

Without the constraint, $B = I$ would reconstruct $X$ perfectly and recommend nothing: the **identity trap** of chapter 3 again. Forbidding self-similarity forces each item to be predicted from the others. The solution is closed-form:

$$P = (X^\top X + \lambda I)^{-1}, \qquad B = I - P \cdot \operatorname{diag}\big(1 / \operatorname{diag}(P)\big)$$

that is $B_{ij} = -P_{ij} / P_{jj}$ and $B_{jj} = 0$; a user's scores are $x_u B$. ($\lambda$ is ${code('easeLambda')}.) One $I \times I$ inverse, no training loop: cheap for a few thousand items, impossible for millions.`,
      preset: { ...movielens, model: 'ease' },
      panels: ['model'],
      highlight: 'recsys-results',
    },
    {
      title: 'Honest baselines',
      prose: md`
Always put the simple models beside the neural ones, on the same split and metrics:

- **Popularity**: score item $i$ by the number of training users who clicked it, $\sum_u X_{ui}$. The same ranking for everyone (minus what each user has already clicked).
- **EASE**: one closed-form solve.

On MovieLens-20M, EASE reaches Recall@20 = 0.391, Recall@50 = 0.521, NDCG@100 = 0.420, against the Mult-VAE's 0.395, 0.537 and 0.426; popularity is far below both. A linear model with the right constraint is within a hair of the best neural one.
      `,
      preset: { ...movielens, model: 'popularity' },
      panels: ['model'],
      highlight: 'recsys-results',
      question: {
        prompt: 'Popularity recommends the same movies to everyone. Where does it land against EASE and the Mult-VAE?',
        choices: ['Close behind them: most people watch the hits', 'Far below both', 'Above EASE: simple is best'],
        answer: 1,
        run: 'play',
        explanation: md`
Far below. The hits are a fair guess for anyone, but every other model personalises from the fold-in clicks, and that is worth a lot. The surprise is the other gap: EASE, a linear model with one constraint, comes within about 0.01 of the Mult-VAE. Report the baselines, or a "better" model may only be beating a weak one.
        `,
      },
    },
    {
      title: 'What the sequence taught',
      prose: md`- A linear autoencoder is PCA (chapter 2); with a full-rank code it can copy (chapter 3).
- Regularisers (sparse, denoising, contractive) make the code useful rather than merely accurate (chapters 4 to 6).
- The VAE turns the autoencoder into a generative model, and $\beta$ sets how much the code may say (chapters 8 and 9).
- For recommendation, denoising with dropout and a multinomial likelihood wins (chapter 10), and a linear autoencoder with a zero diagonal is a baseline that is very hard to beat (this chapter).

Return to the ${code('Lab')} view to try your own settings; everything you saw here is one preset away.`,
    },
  ],
};
