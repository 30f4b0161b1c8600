/**
 * The benchmark's blog: a thousand posts of a few paragraphs each (some with a heading, a list or a
 * quote), labels, comment threads and 30 days of uneven views, written through the services into a
 * database file before the server starts. Seeded, so every run benchmarks the same pages.
 */
import { openStorage } from '../src/storage/database.js';
import { migrateToLatest } from '../src/storage/migrator.js';
import { createServices } from '../src/services.js';
import type { DailyCount } from '../src/storage/repositories/view.repository.js';
import { postPath } from '../src/domain/blogs/urls.js';
import { seededRandom } from '../src/demo/demo-views.js';
import { utcDay } from '../src/domain/text/time.js';

const DAY_MS = 86_400_000;

export const SENTENCES = [
  'The first train out of the city leaves before the bakeries open, so breakfast is whatever the station kiosk still has.',
  'We walked along the river until the path turned to gravel and then to mud, and then we walked a little further.',
  'A sourdough starter is less a recipe than a pet: it wants feeding at regular hours and sulks when it is ignored.',
  'The old bridge was closed for repairs, which meant a long detour through streets no guidebook bothers to mention.',
  'Most of the tomatoes split after the storm, but the ones that survived were the sweetest of the summer.',
  'I keep a notebook in the glove box for the names of villages that look interesting from the motorway.',
  'The market hall smelled of cardamom, wet cardboard and the oranges that had arrived on the morning lorry.',
  'Our neighbour has fixed the same bicycle every spring for twenty years and insists it is still the original.',
  'There is a particular quiet in a library an hour before closing, when only the regulars remain.',
  'The recipe said forty minutes; the oven, which has opinions of its own, needed almost an hour.',
  'By the third day of rain the children had invented a board game with rules nobody else could follow.',
  'The ferry timetable changes with the seasons, and the winter one is printed in a font too small to read.',
  'She planted garlic in October on the advice of a man at the allotments who has never once been wrong about garlic.',
  'A good map shows you where the road goes; a better one shows you where the cafés are.',
  'The museum had a room of clocks, all stopped at different times, and a guard who clearly loved every one of them.',
  'We made the soup from what was left in the fridge, and it turned out better than anything we had planned that week.',
  'The hill looked gentle from the valley and turned out to be a long, honest climb with no shade at all.',
  'Every town on that coast claims to have invented the same fish stew, and every version is worth trying.',
  'The night bus was warm and nearly empty, and the driver hummed along to a radio only he could hear.',
  'I finally repainted the kitchen door, after three years of telling visitors the colour was deliberate.',
  'The bookshop owner recommended a novel by pointing at it and saying nothing, which was recommendation enough.',
  'Frost on the inside of the window is a sign that the house is old, the winter is real, or both.',
  'The bees ignored the flowers we planted for them and went straight for the weeds by the shed.',
  'On the last evening we sat on the harbour wall and watched the fishing boats come in one by one.',
  'Pickling is mostly patience: the jars sit in the dark for weeks and then, one day, they are ready.',
  'The mountain hut served one dish, lentils with bread, and nobody who had walked there wanted anything else.',
  'A power cut turns an ordinary evening into a small adventure, at least for the first hour.',
  'The tram line was extended last year, and the new stops still have the look of places waiting to happen.',
  'We learned the names of the birds at the feeder, and then learned that the sparrows had been three different species.',
  'Old letters in a drawer are a reminder that people always wrote about the weather, and always meant something else.',
];

const HEADINGS = ['What we found', 'Getting there', 'The next morning', 'A note on timing', 'What I would change', 'Afterwards'];
const TITLE_OPENINGS = [
  'Notes on',
  'A week of',
  'In praise of',
  'Small lessons from',
  'Three days of',
  'Remembering',
  'Field notes:',
  'On',
];
const TITLE_SUBJECTS = [
  'slow bread',
  'the night train',
  'winter gardens',
  'river walks',
  'the harbour market',
  'mountain huts',
  'old maps',
  'the allotment',
  'rainy Sundays',
  'the coast road',
  'second-hand books',
  'pickled lemons',
  'the last ferry',
  'city trams',
  'a borrowed bicycle',
  'kitchen repairs',
];
const LABELS = ['travel', 'food', 'garden', 'books', 'walking', 'home', 'trains', 'weather', 'markets', 'notes', 'family', 'coast'];
const READERS = ['Amira', 'Jonas', 'Priya', 'Mateo', 'Hana', 'Tom', 'Leila', 'Sven', 'Chidi', 'Marta'];

export interface BenchBlog {
  /** The host the blog answers at. */
  host: string;
  /** Path of the post page the benchmark loads: the newest post, with comments. */
  postPath: string;
  /** The blog's ID, for the API's paths. */
  blogId: string;
  posts: number;
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function paragraph(random: () => number): string {
  const count = 3 + Math.floor(random() * 3);
  return `<p>${Array.from({ length: count }, () => pick(random, SENTENCES)).join(' ')}</p>`;
}

/** A body of three to six paragraphs; some posts add a heading, a list or a quote. */
function body(random: () => number): string {
  const parts = Array.from({ length: 3 + Math.floor(random() * 4) }, () => paragraph(random));
  if (random() < 0.4) parts.splice(1, 0, `<h2>${pick(random, HEADINGS)}</h2>`);
  if (random() < 0.3) parts.push(`<ul>${[0, 1, 2].map(() => `<li>${pick(random, SENTENCES)}</li>`).join('')}</ul>`);
  if (random() < 0.2) parts.splice(2, 0, `<blockquote><p>${pick(random, SENTENCES)}</p></blockquote>`);
  return parts.join('\n');
}

/** Creates the blog `bench` (the primary one) with `count` posts in the SQLite file `databaseUrl`. */
export async function writeBenchBlog(
  databaseUrl: string,
  count: number,
  onProgress: (done: number) => void = () => {},
  now = Date.now(),
): Promise<BenchBlog> {
  const storage = openStorage(databaseUrl);
  try {
    await migrateToLatest(storage);
    const services = createServices(storage, { baseDomain: 'localhost' });
    const random = seededRandom('dastan-bench');
    const blog = await services.blogs.createBlog({
      name: 'bench',
      title: 'Field Notes',
      description: 'Travel, food and the garden.',
      primary: true,
    });
    const views: DailyCount[] = [];
    let newest = '';
    // About four years of posts, oldest first; the newest was published yesterday.
    const spacing = (4 * 365 * DAY_MS) / count;
    for (let i = 0; i < count; i++) {
      const post = await services.posts.createPost({
        blogId: blog.id,
        title: `${pick(random, TITLE_OPENINGS)} ${pick(random, TITLE_SUBJECTS)}`,
        body: body(random),
        labels: Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(random, LABELS)),
        authorName: 'Rosa Lindqvist',
        publishedAt: now - DAY_MS - (count - 1 - i) * spacing,
      });
      const isNewest = i === count - 1;
      if (isNewest || random() < 0.25) {
        let parentId: string | null = null;
        const comments = isNewest ? 5 : 1 + Math.floor(random() * 4);
        for (let c = 0; c < comments; c++) {
          const comment = await services.comments.addComment({
            blogId: blog.id,
            postId: post.id,
            parentId: c > 0 && random() < 0.4 ? parentId : null,
            authorName: pick(random, READERS),
            body: `<p>${pick(random, SENTENCES)}</p>`,
          });
          parentId = comment.id;
        }
      }
      // Views: a few posts are read a lot, most a little (roughly Zipf).
      const perDay = Math.floor(40 / (1 + Math.floor(random() * 40)));
      if (perDay > 0) {
        for (let d = 0; d < 30; d++) views.push({ blogId: blog.id, postId: post.id, day: utcDay(now - d * DAY_MS), views: perDay });
      }
      if (isNewest) newest = postPath(post);
      onProgress(i + 1);
    }
    await services.repositories.views.addCounts(views);
    return { host: `${blog.name}.localhost`, postPath: newest, posts: count, blogId: blog.id };
  } finally {
    await storage.close();
  }
}
