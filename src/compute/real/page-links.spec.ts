import { nextPageUrl, readAllPages } from './page-links';

describe('page links', () => {
  it('apply the next link’s query to our own collection URL', () => {
    expect(
      nextPageUrl(
        'http://host/image/v2/images',
        '/v2/images?limit=2&marker=163d1dbf-2652-4d0f-9d04-961ff7c3e29b',
      ),
    ).toBe('http://host/image/v2/images?limit=2&marker=163d1dbf-2652-4d0f-9d04-961ff7c3e29b');
    expect(
      nextPageUrl(
        'https://public.example/compute/v2.1/servers/detail',
        'http://internal:8774/v2.1/servers/detail?changes-since=2030-01-01T00%3A00%3A00Z&marker=abc',
      ),
    ).toBe(
      'https://public.example/compute/v2.1/servers/detail?changes-since=2030-01-01T00%3A00%3A00Z&marker=abc',
    );
    expect(nextPageUrl('http://h/x', undefined)).toBeNull();
  });

  it('read to the end, and stop on a repeated link', async () => {
    const pages: Record<string, { items: number[]; next?: string }> = {
      'http://h/x?limit=2': { items: [1, 2], next: '/x?limit=2&marker=2' },
      'http://h/x?limit=2&marker=2': { items: [3, 4], next: '/x?limit=2&marker=4' },
      'http://h/x?limit=2&marker=4': { items: [5] },
    };
    const read: string[] = [];
    const page = (url: string) => (read.push(url), Promise.resolve(pages[url]));
    expect(await readAllPages('http://h/x?limit=2', page)).toEqual([1, 2, 3, 4, 5]);
    expect(read).toHaveLength(3);

    const loop = (url: string) => Promise.resolve({ items: [url.length], next: '/x?m=1' });
    expect(await readAllPages('http://h/x?m=1', loop)).toHaveLength(1);
  });
});
