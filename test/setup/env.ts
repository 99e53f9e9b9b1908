// Every test process runs quietly and in test mode unless a developer overrides it.
process.env.NODE_ENV ??= 'test';
process.env.LOG_LEVEL ??= 'silent';
