export { runToHtml } from './run.ts'
export { stormToHtml, latencySvg, overTimeSvg } from './storm.ts'
export { checkToHtml, diffToHtml } from './check.ts'
