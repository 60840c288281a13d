// Prisma's CLI tries to download native engines unless these point at an
// existing file. With engineType "client" and the JavaScript schema engine
// they are never executed, so any file will do.
const path = require('node:path');

function prismaEnv(base = process.env) {
  const placeholder = path.join(__dirname, 'prisma-env.cjs');
  return {
    ...base,
    PRISMA_SCHEMA_ENGINE_BINARY: base.PRISMA_SCHEMA_ENGINE_BINARY || placeholder,
    PRISMA_QUERY_ENGINE_LIBRARY: base.PRISMA_QUERY_ENGINE_LIBRARY || placeholder,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
  };
}

module.exports = { prismaEnv };
