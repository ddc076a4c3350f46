import type { Chapter } from '../types';
import { code, md } from './md';

/** I-AutoRec on ml-100k as the lab measures it: 500 sigmoid units, λ = 100, Adam 1e-3, batch 64. */
const autorec = {
  dataset: 'movielens-100k',
  task: 'ratings',
  model: 'i-autorec',
  autorecHidden: 500,
  autorecLambda: 100,
  autorecMask: true,
  optimizer: 'adam',
  learningRate: 0.001,
  batchSize: 64,
} as const;

export const ratingMatrices: Chapter = {
  id: 'rating-matrices',
  title: 'Rating matrices: AutoRec and the masked loss',
  summary:
    'Explicit ratings as a partially known matrix; I-AutoRec reconstructs item vectors with a loss over the observed entries only, and is scored by RMSE against honest baselines.',
  steps: [
    {
      title: 'A partially known matrix',
      prose: md`
Now the stars themselves. $N$ users and $M$ movies form a ratings matrix $R \in \mathbb{R}^{N \times M}$ that is only **partially known**: $r^{(u)} \in \mathbb{R}^M$ is user $u$'s row, $r^{(i)} \in \mathbb{R}^N$ is movie $i$'s column. On MovieLens 100K, 100,000 ratings by 943 users of 1,682 movies fill about 6% of $R$; the rest is unknown, stored as 0 (every rating is at least 1 star, so a 0 means "not rated").

**I-AutoRec** (Sedhain et al. 2015) treats each movie's vector $r^{(i)}$ as one example and reconstructs it through $H$ sigmoid units (${code('autorecHidden')}). In the code's row-vector convention, with $V$ of size $N \times H$ and $W$ of size $H \times N$:

$$h = \sigma(r V + \mu), \qquad \hat{r} = h W + b$$

**U-AutoRec** reconstructs the users' rows $r^{(u)}$ instead. The decoder bias $b$ starts at each column's mean observed rating (for I-AutoRec a column is a user), so the untrained net starts near each user's average rather than at 0 stars.
      `,
      preset: autorec,
    },
    {
      title: 'The masked loss, as the code computes it',
      prose: md`The paper's objective sums over the movies and counts only the **observed** entries, with the mask $m = \mathbb{1}[r > 0]$:

$$\sum_{i=1}^{M} \big\lVert (r^{(i)} - \hat{r}^{(i)}) \odot m^{(i)} \big\rVert^2 + \frac{\lambda}{2} \big(\lVert W \rVert_F^2 + \lVert V \rVert_F^2\big)$$

A batch of $B$ movies takes its share, $M$ being the number of training rows (the movies; for U-AutoRec, the $N$ users):

$$L = \frac{1}{B} \sum_{b=1}^{B} \big\lVert (r_b - \hat{r}_b) \odot m_b \big\rVert^2 + \frac{\lambda}{2M} \big(\lVert W \rVert_F^2 + \lVert V \rVert_F^2\big)$$

so one epoch, a pass over the movies in shuffled batches, adds up to the objective divided by $B$ (less the few rows of the dropped last batch; $\lambda$ is ${code('autorecLambda')}). The mask is in the gradient too: $\partial L / \partial \hat{r}_b = -\frac{2}{B} (r_b - \hat{r}_b) \odot m_b$ is 0 wherever a rating is missing. In the lecture's words: "during backprop, only update weights in $W$ that are connected to the observed ratings". The outlined panel draws exactly that for one movie: the users who rated it get a gradient on their output weights, the others get none from the error (only the penalty shrinks them).`,
      panels: ['model'],
      highlight: 'ratings-block',
    },
    {
      title: 'Predictions become recommendations',
      prose: md`
The reconstruction fills in the whole matrix. The prediction for user $u$ and movie $i$ is entry $u$ of movie $i$'s reconstruction, $\hat{r}_{ui} = \hat{r}^{(i)}_u$, clipped to the rating scale (1 to 5 stars). For a rating the user gave, that is a fit; for a movie they never rated, it is a guess at their taste, and the movies with the **highest predicted rating** that the user has not rated are the recommendations.

Press play and pick a user in the outlined panel: their rated movies with actual and predicted stars (the test rows were never seen in training), and below, the unrated movies predicted highest.
      `,
      panels: ['model'],
      highlight: 'ratings-user',
    },
    {
      title: 'RMSE against honest baselines',
      prose: md`A seeded 90/10 split of the **ratings** holds out 10% for test; 5% of the remaining 90% is validation, which picks the **best checkpoint** that the results table reports. The score is the root mean squared error of the clipped predictions over the $n$ held-out ratings:

$$\mathrm{RMSE} = \sqrt{\frac{1}{n} \sum_{(u, i)} (\hat{r}_{ui} - r_{ui})^2}$$

A test rating whose user or movie has no training rating is predicted by the user + item biases instead ($\mu$ plus whichever bias is known). The baselines, on the same split:

- **Global mean**: $\hat{r}_{ui} = \mu$, the mean training rating.
- **User + item biases**: $\hat{r}_{ui} = \mu + b_u + b_i$, ridge-penalised (${code('biasLambda')}) and fitted by alternating closed forms.
- **Matrix factorization**: $\hat{r}_{ui} = \mu + b_u + b_i + p_u \cdot q_i$ with $K$ factors (${code('mfRank')}), fitted by SGD.`,
      preset: autorec,
      panels: ['model'],
      highlight: 'ratings-results',
      question: {
        prompt: 'Will I-AutoRec beat the user + item biases on held-out ratings?',
        choices: [
          'Yes: its test RMSE comes out below the biases’',
          'No: the biases already say all there is (a generous user, a liked movie); it only ties them',
          'No: 500 hidden units overfit the few ratings per movie, and it lands above the biases',
        ],
        answer: 0,
        evidence: { steps: 400, show: ['val/rmse'] },
        run: { steps: 400 },
        explanation: md`
Yes. In the results table, the I-AutoRec row, scored at its best validation checkpoint (the step shown), comes out below the user + item biases on the test ratings, and well below the global mean's, which is above 1.1. The biases capture how generous a user is and how liked a movie is; what is left is taste, and reconstructing each movie from everyone's ratings of it captures some of it. The penalty $\lambda$ keeps the overfitting in check, and where validation RMSE turns up again the table keeps the best step. Read the matrix factorization row as well: it models taste too, and it is the comparison to make before calling a net better.
        `,
      },
    },
    {
      title: 'Why missing ratings must not count as zeros',
      prose: md`Turn the mask off (${code('autorecMask')}): the same net, the same data, but now $m = 1$ everywhere, so every unrated cell is a 0 to reproduce. About 94% of $R$ is unrated, so the error is dominated by the zeros, and the net learns to predict them:

$$L = \frac{1}{B} \sum_{b=1}^{B} \lVert r_b - \hat{r}_b \rVert^2 + \frac{\lambda}{2M} \big(\lVert W \rVert_F^2 + \lVert V \rVert_F^2\big)$$

Press play and watch the outlined RMSE chart. The predictions are pulled toward 0 and clipped at the bottom of the scale (the scatter's dots sink toward 1 star). What the lab's tests check, on a small synthetic ratings set: with the mask off, after 300 steps the held-out RMSE is above even the global mean's. What one run on ml-100k showed (an example, not a checked figure): within the first epoch the validation RMSE shot far above every dashed baseline, and the results table's best validation checkpoint was the very start (step 0), so training with the mask off only made the predictions worse. A 0 means "not rated", not "rated 0".`,
      preset: { ...autorec, autorecMask: false },
      panels: ['model'],
      highlight: 'ratings-rmse',
    },
    {
      title: 'Beyond AutoRec: factorizations and CDAE',
      prose: md`
**Matrix factorization** writes $R \approx U V^\top$: a $K$-number profile per user (the rows of $U$) and per movie (the rows of $V$; these are the lecture's letters, and below $V$ and $W$ are AutoRec's weights again). The baseline above is this plus biases. A linear AutoRec is such a factorization: with identity activations, $\hat{r} = (r V + \mu) W + b = r\,V W + (\mu W + b)$, so stacking the movie rows, $\hat{R}^\top = R^\top V W + \mathbf{1} (\mu W + b)$, and $V W$ has rank at most $H$ (the next chapter makes the same point for clicks). The sigmoid is what makes AutoRec more than a factorization.

Two lines of work go further. **Li et al. (2015)** combine autoencoders with matrix factorization: the latent factors are learned jointly with autoencoder codes of the users' and items' side information. The **Collaborative Denoising Auto-Encoder** (CDAE, Wu et al. 2016) corrupts a user's implicit feedback with noise, as in chapter 5, adds a per-user input node, and trains for top-$N$ recommendation. The lab's ${code('cdae')} model implements it: in the ${code('Lab')} view pick a MovieLens dataset with the clicks task and the model ${code('cdae')}, and it is ranked in the results table beside chapter 10's Mult-DAE, its closest relative, and the baselines. Under that protocol the test users are new, so each gets an input vector fitted to their fold-in clicks.
      `,
    },
  ],
};
