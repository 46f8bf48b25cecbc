#!/usr/bin/env node
// The published entry: load TypeScript through tsx so users need no build step.
import { register } from 'tsx/esm/api'

register()
await import('./main.ts')
