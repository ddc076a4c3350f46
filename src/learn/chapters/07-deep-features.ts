import { PRETRAIN_PANEL_RUN } from '../../panels/pretrain-verdict';
import { quotePca } from '../pca-figures';
import { quotePretrain as q } from '../pretrain-claims';
import type { Chapter } from '../types';
import { code, md } from './md';

export const deepFeatures: Chapter = {
  id: 'deep-features',
  title: 'Deep autoencoders and the learned code as features',
  summary: 'Stack layers for a curved, nonlinear code; look at the code itself on a 2-D latent map, and use it as features.',
  steps: [
    {
      title: 'Stacking layers',
      prose: md`A deep autoencoder stacks layers on both sides of the code; the decoder mirrors the encoder:

$$h^{(1)} = s(x W_1 + b_1), \qquad h^{(2)} = s(h^{(1)} W_2 + b_2), \qquad \dots, \qquad \hat{x} = \operatorname{sigmoid}(a)$$

where $s$ is the activation and $a$ the last decoder layer's output. The encoder $f$ is the whole stack up to the code, the decoder $g$ the mirror stack after it. A linear autoencoder can only find a flat subspace; a deep one can bend its code around the curved set of digit images. Hinton and Salakhutdinov (2006) trained a 784-1000-500-250-30 network whose 30-number code reconstructed digits far better than 30 principal components.

Here: hidden layers of 512 and 128 units (${code('hiddenLayers')}), a 32-unit code, ReLU units, squared error, so the numbers compare with chapter 3.`,
      preset: { model: 'autoencoder', hiddenLayers: '512-128', latent: 32, activation: 'relu', lossKind: 'squared' },
      panels: ['loss', 'reconstructions'],
      highlight: 'loss',
      question: {
        prompt: `PCA with $K = 32$ reaches a test error of about ${quotePca(32)}. Given enough training, where does this deep network end up?`,
        choices: ['Above it: nonlinearity only makes optimisation harder', 'Below it: a curved code beats the best flat subspace', 'Exactly on it: 32 numbers are 32 numbers'],
        answer: 1,
        evidence: { claim: 'deep-beats-pca32' },
        run: 'play',
        explanation: md`
The deep network contains the linear one as a special case and can also bend. After enough epochs its test error drops below the PCA figure for the same code size; early in training it may well sit above it. The loss chart draws PCA's dashed lines only for the linear model, so read the test curve against ${quotePca(32)} yourself: this explanation appeared once it was below {claim:deep-beats-pca32} after at least {claim:deep-beats-pca32:steps} steps (with seed 1 the lab's tests see it there by step {claim:deep-beats-pca32:steps}).
        `,
      },
    },
    {
      title: 'Pre-training, layer by layer',
      prose: md`
Deep autoencoders were long hard to train. Started from small random weights, the gradient that reaches the lower layers through many sigmoid units is small, and the network settles near a blurry average digit. Hinton and Salakhutdinov (2006) started it elsewhere: they **pre-trained** it one layer at a time (with RBMs; Bengio et al. 2007 showed that plain autoencoders do the job too):

- layer 1 is trained as a one-hidden-layer autoencoder on the pixels: $h^{(1)} = s(x W_1 + b_1)$, $\hat{x} = \operatorname{sigmoid}(h^{(1)} W_1' + b_1')$;
- layer 2 as one on layer 1's codes, which stay fixed: $h^{(2)} = s(h^{(1)} W_2 + b_2)$, $\hat{h}^{(1)} = s(h^{(2)} W_2' + b_2')$; and so on up to the code;
- then the encoder layers $W_1, W_2, \dots$ and the mirrored decoder $\dots, W_2', W_1'$ are stacked into one deep autoencoder, and the whole stack is **fine-tuned** end to end on the reconstruction error.

Here the network is 784-256-32 and back, with sigmoid units as in 2006 and squared error. The lab's run trains it from random weights. The panel below pre-trains the two layers (${String(PRETRAIN_PANEL_RUN.stepsPerLayer)} updates each), fine-tunes the stack, and trains the same network from its random start with the same seed and batches: each layer starts pre-training from exactly those random weights. Pre-training also costs updates, so the random run continues for that many more steps.
      `,
      preset: { model: 'autoencoder', hiddenLayers: '256', latent: 32, activation: 'sigmoid', lossKind: 'squared' },
      panels: ['loss', 'pretraining'],
      highlight: 'pretraining',
      question: {
        prompt: `This run starts the sigmoid 784-256-32 network from random weights. After ${String(PRETRAIN_PANEL_RUN.fineTuneSteps)} steps, how will it compare with the same network pre-trained layer by layer and then fine-tuned for the same number of steps? (Press Run in the panel too.)`,
        choices: [
          'About the same: Adam finds its way from any start',
          'Far behind: the random start is still well above the pre-trained one',
          'Ahead: pre-training spends its updates on the wrong objective',
        ],
        answer: 1,
        evidence: { steps: PRETRAIN_PANEL_RUN.fineTuneSteps, show: ['test/loss'] },
        run: { steps: PRETRAIN_PANEL_RUN.fineTuneSteps },
        explanation: md`
With seed 1 the random start is still at ${q('sigmoid-random-end')} or more after ${String(PRETRAIN_PANEL_RUN.fineTuneSteps)} steps (your run's test error is shown above; the panel's random curve is the same network), while the pre-trained stack is at ${q('sigmoid-pretrained-end')} or less after the same number of fine-tuning steps. Before any fine-tuning it already reconstructs at ${q('sigmoid-pretrained-start')} or better, while the random start begins no better than drawing the mean digit. Even with the updates pre-training spent added to its budget, the random start is still at ${q('sigmoid-random-equal')} or more. The lab's tests check these figures on this seed.

Now set the panel's units to ReLU and run it again. The pre-trained stack still starts far lower, but the random start catches up within the ${String(PRETRAIN_PANEL_RUN.fineTuneSteps)} steps and ends lower: at most ${q('relu-random-end')} after ${String(PRETRAIN_PANEL_RUN.fineTuneSteps)} steps, against at least ${q('relu-pretrained-end')} for the pre-trained stack. The lab's tests check this on seed 1 too: both starts (the pre-trained stack well under the mean digit's error, the random one above it), that random init overtakes it, and the two end figures. With ReLU units, Glorot initialisation and Adam, a network of this depth trains well from random weights, and on this run pre-training bought only a head start. That is one reason it has largely dropped out of use since.
        `,
      },
    },
    {
      title: 'The latent map',
      prose: md`
Shrink the code to $K = 2$ and every digit becomes a point in the plane: a **latent map**, coloured by each digit's label. The labels were never shown to the network; any grouping comes from pixel similarity alone.

The outlined panel draws it for this step's deep autoencoder, $784 \to 256 \to 2$ and back with ReLU units, beside PCA's two-dimensional projection of the same pixels (Hinton and Salakhutdinov's Figure 3), each scored by how often a vote of a digit's 5 nearest neighbours in the picture guesses its label. It does the same for any image autoencoder; with $K > 2$ it shows the code's top two principal axes. Click the code map to decode the point under the pointer. The VAE of the next chapter has its own latent map of posterior means $\mu(x)$, where you can decode the straight line between two digits' codes.
      `,
      preset: { model: 'autoencoder', hiddenLayers: '256', latent: 2, activation: 'relu', lossKind: 'squared' },
      panels: ['model'],
      highlight: 'code-map',
      question: {
        prompt: 'Which digits will overlap most on a 2-D map?',
        choices: ['0 and 1', '4 and 9, and 3, 5 and 8', 'None: the ten classes separate cleanly'],
        answer: 1,
        evidence: { steps: 500, show: ['test/loss'] },
        run: 'play',
        explanation: md`
4 and 9 differ only in whether the top is closed; 3, 5 and 8 share most of their strokes. 0 and 1 are about as different as digits get (a ring and a bar). Two numbers cannot separate ten classes written in so many ways, but the gross structure is there without a single label.
        `,
      },
    },
    {
      title: 'The code as features',
      prose: md`
Once trained, the encoder is a feature extractor: feed $h = f(x)$ instead of the pixels to a classifier, or search for nearest neighbours in code space. Because the encoder learned from unlabelled images, a classifier on $h$ can be trained with few labels (semi-supervised learning). Hinton and Salakhutdinov found that short deep codes of documents retrieved documents on the same topic better than latent semantic analysis, a PCA-like linear code of the same size.

What makes a code a good feature is exactly what the regularisers of chapters 4 to 6 ask for: sparse units that respond to parts, or a code that ignores noise and directions off the data.

The outlined feature probe panel puts this to the test on the current run: it trains a linear classifier (softmax regression) on the frozen code and scores a 5-nearest-neighbour vote, on test digits, against the same two on raw pixels and on PCA with the same $K$. Run it here on the 2-D code, then on step 1's 32-unit code, and judge where the learned code stands against pixels and against PCA.
      `,
      panels: ['model'],
      highlight: 'feature-probe',
    },
  ],
};
