#!/usr/bin/env node
// `npm start`: the main job. Runs the example app on a local port (Ctrl-C to stop).
require('../apps/example/dist/main.js');
