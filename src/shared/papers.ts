// The papers NAS Studio's methods and presets follow, with a link to each. An arXiv id is linked
// only where the seed papers (/work/shared/seeds) cite it, so every id here was checked against a
// citation: DARTS 1806.09055 (seed 004, ref. 10), Amended-DARTS 1910.11831 (seed 001 ref. 52,
// seed 004 ref. 17). The seeds cite P-DARTS, Fair DARTS, MiLeNAS and Att-DARTS by venue only, so
// those carry their venue citation and no link; AllegroNAS is a journal paper (seed 004), linked by DOI.

export interface Paper {
  title: string;
  /** Authors and venue, as the seeds cite it. */
  cite: string;
  /** arXiv identifier (without the "arXiv:" prefix): cited by a seed, or checked against the paper's arXiv listing. */
  arxiv?: string;
  doi?: string;
}

export const PAPERS = {
  darts: { title: 'DARTS: Differentiable Architecture Search', cite: 'H. Liu, K. Simonyan and Y. Yang, ICLR 2019', arxiv: '1806.09055' },
  pdarts: { title: 'Progressive Differentiable Architecture Search: Bridging the Depth Gap between Search and Evaluation', cite: 'X. Chen, L. Xie, J. Wu and Q. Tian, ICCV 2019', arxiv: '1904.12760' },
  fairDarts: { title: 'Fair DARTS: Eliminating Unfair Advantages in Differentiable Architecture Search', cite: 'X. Chu, T. Zhou, B. Zhang and J. Li, ECCV 2020', arxiv: '1911.12126' },
  milenas: { title: 'MiLeNAS: Efficient Neural Architecture Search via Mixed-Level Reformulation', cite: 'C. He, H. Ye, L. Shen and T. Zhang, CVPR 2020', arxiv: '2003.12238' },
  amended: { title: 'Stabilizing DARTS with Amended Gradient Estimation on Architectural Parameters', cite: 'K. Bi, C. Hu, L. Xie, X. Chen, L. Wei and Q. Tian, 2019', arxiv: '1910.11831' },
  attDarts: { title: 'Att-DARTS: Differentiable Neural Architecture Search for Attention', cite: 'K. Nakai, T. Matsubara and K. Uehara, IJCNN 2020' },
  allegro: { title: 'Enhanced Differentiable Architecture Search Based on Asymptotic Regularization (AllegroNAS)', cite: 'C. Jin, J. Huang, Y. Chen and Y. Gong, CMC 78(2), 2024', doi: '10.32604/cmc.2023.047489' },
} as const satisfies Record<string, Paper>;

export type PaperId = keyof typeof PAPERS;

/** The registry entries (catalog kind and id) that implement a paper's method. */
const ENTRY_PAPERS: Record<string, PaperId> = {
  'space:darts': 'darts',
  'strategy:first-order': 'darts',
  'strategy:second-order': 'darts',
  'strategy:single-level': 'darts',
  'derivation:darts-top2': 'darts',
  'space:fair-darts': 'fairDarts',
  'relaxation:sigmoid': 'fairDarts',
  'regularizer:zero-one': 'fairDarts',
  'derivation:sigmoid-threshold': 'fairDarts',
  'regularizer:skip-dropout': 'pdarts',
  'derivation:pdarts-skip-cap': 'pdarts',
  'strategy:mixed-level': 'milenas',
  'space:amended-s1': 'amended',
  'space:amended-s2': 'amended',
  'strategy:amended': 'amended',
  'derivation:fixed-edge-argmax': 'amended',
  'space:att-darts': 'attDarts',
  'derivation:att-darts': 'attDarts',
  'space:allegro': 'allegro',
  'strategy:asymptotic': 'allegro',
  'regularizer:augment': 'allegro',
  'schedule:neca': 'allegro',
};

/** Presets by family: a preset's id starts with its family's (the "-quick" variants included); the quick demo is first-order DARTS. */
const PRESET_FAMILIES: ReadonlyArray<readonly [string, PaperId]> = [
  ['pdarts', 'pdarts'],
  ['darts-', 'darts'],
  ['fair-darts', 'fairDarts'],
  ['att-darts', 'attDarts'],
  ['amended-', 'amended'],
  ['allegronas', 'allegro'],
  ['quick', 'darts'],
];

export const entryPaper = (kind: string, id: string): Paper | null => {
  const p = ENTRY_PAPERS[`${kind}:${id}`];
  return p ? PAPERS[p] : null;
};

export const presetPaper = (id: string): Paper | null => {
  const family = PRESET_FAMILIES.find(([prefix]) => id.startsWith(prefix));
  return family ? PAPERS[family[1]] : null;
};

/** Where the paper can be read: its arXiv abstract page, else its DOI; null when the seeds give neither. */
export const paperLink = (p: Paper): string | null => (p.arxiv ? `https://arxiv.org/abs/${p.arxiv}` : p.doi ? `https://doi.org/${p.doi}` : null);

/** The only sites a paper link opens (the desktop app hands them to the system browser, nothing else). */
export const PAPER_HOSTS: readonly string[] = ['arxiv.org', 'doi.org'];
