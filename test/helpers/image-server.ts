/**
 * A local HTTP server of images for media-download tests (the machine has no internet): a real PNG,
 * a 404, a file over the size limit, a text file posing as a JPEG, a redirect to a non-http address,
 * and an answer that never comes. It counts the requests per path, so a test can see what was fetched.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';

export interface ImageServer {
  /** `http://127.0.0.1:PORT`. */
  origin: string;
  hits: Map<string, number>;
  close(): Promise<void>;
}

export const IMAGE_PATHS = {
  photo: '/wp-content/uploads/2020/01/photo.png',
  missing: '/wp-content/uploads/2020/01/gone.png',
  huge: '/wp-content/uploads/2020/01/huge.png',
  fake: '/wp-content/uploads/2020/01/fake.jpg',
  toFtp: '/wp-content/uploads/2020/01/moved.png',
  slow: '/wp-content/uploads/2020/01/slow.png',
  hopping: '/wp-content/uploads/2020/01/hop.png',
} as const;

/** Bytes of `huge`: more than the 200 KB the tests allow. */
export const HUGE_BYTES = 300 * 1024;

export async function startImageServer(): Promise<ImageServer> {
  const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 30, b: 30 } } })
    .png()
    .toBuffer();
  const hits = new Map<string, number>();
  const server = http.createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0]!;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    switch (path) {
      case IMAGE_PATHS.photo:
        response.writeHead(200, { 'content-type': 'image/png', 'content-length': photo.length }).end(photo);
        return;
      case IMAGE_PATHS.huge:
        // No content-length: the limit must hold while reading, too.
        response.writeHead(200, { 'content-type': 'image/png' });
        response.end(Buffer.alloc(HUGE_BYTES, 1));
        return;
      case IMAGE_PATHS.fake:
        response.writeHead(200, { 'content-type': 'image/jpeg' }).end('this is not a picture at all');
        return;
      case IMAGE_PATHS.toFtp:
        response.writeHead(302, { location: 'ftp://files.example.com/photo.png' }).end();
        return;
      case IMAGE_PATHS.hopping:
        response.writeHead(302, { location: IMAGE_PATHS.hopping }).end();
        return;
      case IMAGE_PATHS.slow:
        return; // never answers
      default:
        response.writeHead(404, { 'content-type': 'text/plain' }).end('not here');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
