/**
 * Reads a Bukkit plugin's descriptor (plugin.yml, or paper-plugin.yml) out of its jar: the host
 * side needs the plugin's name to wait for its "Enabling <Name>" line, and the local image needs
 * name, version and dependencies to behave like Paper's plugin loader. A jar is a zip; no zip
 * library is installed, so this reads the central directory itself (stored and deflated entries,
 * the only two methods jar tools write).
 */
import fs from 'node:fs'
import { inflateRawSync } from 'node:zlib'
import { yaml } from '../../lazy-yaml.ts'
import { HarnessInputError } from '../../errors.ts'

export interface PluginDescriptor {
  name: string
  version: string
  /** Hard dependencies: Paper refuses to load the plugin when one is missing. */
  depend: string[]
  /** `main` (absent: Paper refuses the plugin with "main is not defined"). */
  main?: string
  /** Which descriptor file it came from. */
  file: 'plugin.yml' | 'paper-plugin.yml'
}

const EOCD_SIG = 0x06054b50
const CEN_SIG = 0x02014b50
const LOC_SIG = 0x04034b50
/** A jar's descriptor is small; anything bigger is not one. */
const MAX_ENTRY = 1024 * 1024

/** The uncompressed bytes of `entry` in the zip `buf`, or undefined when there is no such entry. */
export function readZipEntry(buf: Buffer, entry: string, where = 'zip'): Buffer | undefined {
  // The end-of-central-directory record sits in the last 22 + 65535 (comment) bytes.
  let eocd = -1
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD_SIG) {
      eocd = i
      break
    }
  }
  if (eocd < 0) throw new HarnessInputError(`${where}: not a jar (zip) file: no end of central directory found`)
  const count = buf.readUInt16LE(eocd + 10)
  let p = buf.readUInt32LE(eocd + 16)
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CEN_SIG) throw new HarnessInputError(`${where}: damaged zip central directory`)
    const method = buf.readUInt16LE(p + 10)
    const compressed = buf.readUInt32LE(p + 20)
    const size = buf.readUInt32LE(p + 24)
    const nameLen = buf.readUInt16LE(p + 28)
    const extraLen = buf.readUInt16LE(p + 30)
    const commentLen = buf.readUInt16LE(p + 32)
    const local = buf.readUInt32LE(p + 42)
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen)
    p += 46 + nameLen + extraLen + commentLen
    if (name !== entry) continue
    if (size > MAX_ENTRY || compressed > MAX_ENTRY) throw new HarnessInputError(`${where}: ${entry} is larger than ${MAX_ENTRY} bytes`)
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== LOC_SIG) throw new HarnessInputError(`${where}: damaged zip entry ${entry}`)
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28)
    const data = buf.subarray(start, start + compressed)
    if (method === 0) return Buffer.from(data)
    if (method === 8) return inflateRawSync(data, { maxOutputLength: MAX_ENTRY })
    throw new HarnessInputError(`${where}: ${entry} uses zip method ${method}; only stored (0) and deflated (8) are supported`)
  }
  return undefined
}

function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String)
  return typeof value === 'string' ? [value] : []
}

/** The descriptor in a jar's bytes, or undefined when it has neither plugin.yml nor paper-plugin.yml. */
export function pluginDescriptorFromZip(buf: Buffer, where: string): PluginDescriptor | undefined {
  for (const file of ['paper-plugin.yml', 'plugin.yml'] as const) {
    const bytes = readZipEntry(buf, file, where)
    if (!bytes) continue
    let doc: unknown
    try {
      doc = yaml().parse(bytes.toString('utf8'))
    } catch (error) {
      throw new HarnessInputError(`${where}: ${file} is not valid YAML (${(error as Error).message.split('\n')[0]})`)
    }
    const d = (doc ?? {}) as Record<string, unknown>
    if (typeof d.name !== 'string' || !/^[A-Za-z0-9 _.-]+$/.test(d.name)) {
      throw new HarnessInputError(`${where}: ${file} has no valid "name" (letters, digits, "_", ".", "-")`)
    }
    // paper-plugin.yml lists dependencies as a map (server: { Vault: { required: true } }).
    let depend = list(d.depend)
    if (file === 'paper-plugin.yml' && d.dependencies && typeof d.dependencies === 'object') {
      const server = (d.dependencies as Record<string, unknown>).server as Record<string, { required?: boolean }> | undefined
      depend = Object.entries(server ?? {})
        .filter(([, v]) => v?.required !== false)
        .map(([k]) => k)
    }
    const out: PluginDescriptor = { name: d.name, version: d.version === undefined ? '' : String(d.version), depend, file }
    if (typeof d.main === 'string') out.main = d.main
    return out
  }
  return undefined
}

/** The descriptor of the plugin jar at `jarPath`; a clear HarnessInputError when it is not one. */
export function readPluginDescriptor(jarPath: string): PluginDescriptor {
  let buf: Buffer
  try {
    buf = fs.readFileSync(jarPath)
  } catch (error) {
    throw new HarnessInputError(
      `plugin jar ${jarPath}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); check the path (build the jar first)`,
    )
  }
  const d = pluginDescriptorFromZip(buf, jarPath)
  if (!d)
    throw new HarnessInputError(`plugin jar ${jarPath}: has neither plugin.yml nor paper-plugin.yml, so it is not a Bukkit/Paper plugin`)
  return d
}

/**
 * The Java a plugin's main class needs, from its class file header (u4 magic 0xCAFEBABE, u2 minor,
 * u2 major; major 52 is Java 8, 61 Java 17, 65 Java 21, 69 Java 25: the JVM spec's table is
 * major - 44 from Java 5 on). Undefined when the jar has no such class or too short a header.
 */
export function mainClassJava(buf: Buffer, descriptor: PluginDescriptor, where: string): { java: number; major: number } | undefined {
  if (!descriptor.main) return undefined
  const bytes = readZipEntry(buf, `${descriptor.main.replace(/\./g, '/')}.class`, where)
  if (!bytes || bytes.length < 8 || bytes.readUInt32BE(0) !== 0xcafebabe) return undefined
  const major = bytes.readUInt16BE(6)
  return { java: major - 44, major }
}

/**
 * Refuses, before a server starts, a plugin jar compiled for a newer Java than the image runs:
 * the server would log UnsupportedClassVersionError and the plugin would simply never enable.
 */
export function checkPluginJava(jarPath: string, image: string, imageJava: number, version: string): void {
  let buf: Buffer
  try {
    buf = fs.readFileSync(jarPath)
  } catch {
    return // readPluginDescriptor says what is wrong with the path
  }
  const descriptor = pluginDescriptorFromZip(buf, jarPath)
  if (!descriptor) return
  const needs = mainClassJava(buf, descriptor, jarPath)
  if (!needs || needs.java <= imageJava) return
  throw new HarnessInputError(
    `plugin jar ${jarPath}: ${descriptor.main} is compiled for Java ${needs.java} (class file version ${needs.major}), but ${image} (the image for Minecraft ${version}) runs Java ${imageJava}: the server would refuse it with UnsupportedClassVersionError and the plugin would never enable. Compile for Java ${imageJava} (Gradle: java { toolchain.languageVersion = JavaLanguageVersion.of(${imageJava}) } or options.release = ${imageJava}; Maven: <maven.compiler.release>${imageJava}</maven.compiler.release>), or test a Minecraft version whose image runs Java ${needs.java} or newer`,
  )
}
