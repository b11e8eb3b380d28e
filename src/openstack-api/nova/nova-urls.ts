/** Where Nova's links point: the versioned API and the unversioned bookmark root. */
export class NovaUrls {
  readonly api: string;
  readonly bookmark: string;

  constructor(baseUrl: string) {
    this.bookmark = `${baseUrl}/compute`;
    this.api = `${this.bookmark}/v2.1`;
  }

  /** Nova's `links`: self (versioned) and bookmark (unversioned). */
  links(collection: string, id: string) {
    return [
      { rel: 'self', href: `${this.api}/${collection}/${id}` },
      { rel: 'bookmark', href: `${this.bookmark}/${collection}/${id}` },
    ];
  }

  bookmarkOnly(collection: string, id: string) {
    return [{ rel: 'bookmark', href: `${this.bookmark}/${collection}/${id}` }];
  }
}
