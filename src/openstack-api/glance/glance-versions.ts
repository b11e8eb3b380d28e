/** Glance Zed's API versions: v2.16 current, the older v2 minors supported. */
export function imageVersions(baseUrl: string) {
  const href = `${baseUrl}/image/v2/`;
  return {
    versions: Array.from({ length: 17 }, (_, i) => 16 - i).map((minor) => ({
      id: `v2.${minor}`,
      status: minor === 16 ? 'CURRENT' : 'SUPPORTED',
      links: [{ rel: 'self', href }],
    })),
  };
}
