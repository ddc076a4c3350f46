import { quotePca, quoteTotalVariance } from '../pca-figures';
import type { Chapter } from '../types';
import { code, md } from './md';

export const linearPca: Chapter = {
  id: 'linear-pca',
  title: 'The linear autoencoder is PCA',
  summary: 'Trained on squared error, a linear autoencoder finds the principal subspace: its weight rows are mixtures of the eigen-digits.',
  steps: [
    {
      title: 'PCA: the best K-dimensional summary',
      prose: md`
Centre the $n$ training digits on their mean $\mu$ and stack them as the rows of $X_c$ ($n \times d$). Their covariance is

$$\Sigma = \frac{1}{n} X_c^\top X_c$$

with eigenvalues $\lambda_1 \ge \lambda_2 \ge \dots \ge \lambda_d$ and unit eigenvectors $u_1, \dots, u_d$, the **principal components**. Drawn as $28 \times 28$ images they are the "eigen-digits". With $U_K$ holding $u_1, \dots, u_K$ as rows, projecting each digit on them is the best rank-$K$ reconstruction there is, and its error per image is the variance left over:

$$\frac{1}{n} \sum_{i=1}^{n} \big\lVert (x_i - \mu) - (x_i - \mu) U_K^\top U_K \big\rVert^2 = \sum_{j > K} \lambda_j$$

The lab fits PCA when it loads the digits (on 8,000 training digits, tested on the other 2,000) and draws this error as the dashed lines on the loss chart. The total variance is about ${quoteTotalVariance()} per image; for $K = 10$ the test error is about ${quotePca(10)}.
      `,
      preset: { model: 'linear', latent: 10 },
      panels: ['loss'],
      highlight: 'loss',
    },
    {
      title: 'Gradient descent finds the PCA subspace',
      prose: md`
The linear autoencoder has no nonlinearity at all:

$$h = x W_e + b_e, \qquad \hat{x} = h W_d + b_d$$

so $\hat{x} - b_d$ always lies in the $K$-dimensional space spanned by the rows of $W_d$. No such model can beat the PCA error, and Baldi and Hornik (1989) showed more: trained on squared error, the linear autoencoder has no bad local minima. Its optimum spans the top-$K$ principal subspace, with $b_d$ learning the mean image.

The weights panel shows the decoder's $K$ rows (what each code unit writes into the image) beside the top $K$ eigen-digits.
      `,
      preset: { model: 'linear', latent: 10 },
      panels: ['weights', 'loss'],
      highlight: 'weights',
      question: {
        prompt: 'Train for 300 steps. How will the decoder’s weight rows compare with the top-10 eigen-digits?',
        choices: [
          'The same ten pictures, in the same order',
          'Different pictures, but mixtures of the same ten eigen-digits: the subspace similarity climbs toward 1',
          'Unrelated: gradient descent settles in some other minimum',
        ],
        answer: 1,
        evidence: { claim: 'linear10-subspace', show: ['test/loss'] },
        run: { steps: 300 },
        explanation: md`
The loss sees only the subspace the rows span, not the rows themselves: for any invertible $K \times K$ matrix $R$, the weights $W_e R^{-1}$ and $R W_d$ give exactly the same reconstructions. So the rows come out as some mixture (rotated and stretched) of $u_1, \dots, u_K$. The tiles stay different while the **subspace similarity** under them rises toward 1 (with this step's settings it passes {claim:linear10-subspace} within {claim:linear10-subspace:steps} steps: a claim the tests check). There is no other minimum to fall into, only saddle points.
        `,
      },
    },
    {
      title: 'Tied weights',
      prose: md`Tie the decoder to the encoder, $W_d = W_e^\top$ (the ${code('tiedWeights')} setting):

$$\hat{x} = (x W_e + b_e)\, W_e^\top + b_d$$

Half the weights. Does the constraint cost anything?`,
      preset: { model: 'linear', latent: 10, tiedWeights: true },
      panels: ['loss', 'weights'],
      highlight: 'loss',
      question: {
        prompt: 'With tied weights, where does the loss head compared with the untied model?',
        choices: ['Higher: half the weights, less capacity', 'To the same PCA line', 'Lower: the constraint acts as a regulariser'],
        answer: 1,
        evidence: { claim: 'linear10-tied', show: ['pca/subspaceSimilarity'] },
        run: { steps: 300 },
        explanation: md`
The PCA projection is itself tied: $W_e = U_K^\top$, $b_e = -\mu U_K^\top$ and $b_d = \mu$ give $\hat{x} = \mu + (x - \mu) U_K^\top U_K$. So the constraint removes no optimal solution and the curve approaches the same dashed line. What it removes is the freedom to stretch: at the optimum $W_e^\top W_e = I$, the columns of $W_e$ are orthonormal, though still rotated within the subspace.
        `,
      },
    },
    {
      title: 'Measuring the match: principal angles',
      prose: md`
Pictures are not the right thing to compare; subspaces are. The lab orthonormalises the decoder rows with a QR decomposition, $W_d^\top = Q R$ ($Q$ is $d \times K$ with orthonormal columns), and reports the mean squared cosine of the principal angles between the two subspaces:

$$s = \frac{1}{K} \lVert U_K Q \rVert_F^2$$

$s = 1$ means the same subspace, $s = 0$ orthogonal ones. It is shown under the tiles while training, for $K$ up to 128.

Try it in the lab: a small $K$ (2 or 3) reaches $s \approx 1$ quickly; a large $K$ takes longer, because the last components have small eigenvalues and so a weak pull.
      `,
      panels: ['weights'],
      highlight: 'weights',
    },
  ],
};
