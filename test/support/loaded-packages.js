// Preloaded (`node -r`) by test/build.e2e-spec.ts into the built app: on SIGTERM, before the
// app's own shutdown, writes the npm packages the process has loaded to $LOADED_PACKAGES_FILE,
// one a line.
'use strict';
process.once('SIGTERM', () => {
  const packages = new Set();
  for (const file of Object.keys(require.cache)) {
    const at = file.lastIndexOf('node_modules/');
    if (at < 0) continue;
    const [scope, name] = file.slice(at + 'node_modules/'.length).split('/');
    packages.add(scope.startsWith('@') ? `${scope}/${name}` : scope);
  }
  require('node:fs').writeFileSync(process.env.LOADED_PACKAGES_FILE, [...packages].join('\n'));
});
