// The same sandbox under Jest: started by a globalSetup, stopped by a globalTeardown (README).
module.exports = {
  globalSetup: './test/jest/sandbox-up.mjs',
  globalTeardown: './test/jest/sandbox-down.mjs',
  testMatch: ['<rootDir>/test/jest/**/*.test.cjs'],
};
