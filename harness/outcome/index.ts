export * from './codes.ts'
export { classify, type AttemptRecord } from './classify.ts'
export { englishText, englishTextWithSource, renderLoginFailed, renderTranslation, formatTranslation } from './language.ts'
export { plainText, toComponent, type Component } from './component.ts'
