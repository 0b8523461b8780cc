// A tiny app for tests: only its files matter (they become the source bundle).
require('http').createServer((req, res) => res.end('ok')).listen(process.env.PORT || 8080);
