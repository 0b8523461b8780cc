'use strict';
const { createServer, databaseConfig, postgresCheck } = require('./app');

const config = databaseConfig(process.env);
const server = createServer({ checkDatabase: config ? postgresCheck(config) : undefined });
const port = Number(process.env.PORT || 8080);
server.listen(port, () => {
  console.log(`sample app listening on port ${port}`);
});
