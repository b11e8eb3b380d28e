// Runs the @nestjs/swagger compiler plugin inside ts-jest, with the same options as
// nest-cli.json, so tests see the OpenAPI document that the plugin gives (ADR 0020).
const plugin = require('@nestjs/swagger/plugin');
const { compilerOptions } = require('../../nest-cli.json');

const options = compilerOptions.plugins.find((p) => p.name === '@nestjs/swagger').options;

module.exports.name = 'nestjs-swagger-transformer';
// Bump when the options change, to invalidate ts-jest's cache.
module.exports.version = 1;
module.exports.factory = (cs) => plugin.before(options, cs.program);
