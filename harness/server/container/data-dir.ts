/**
 * The local image's version of itzg's start-up file handling in /data, run by the entrypoint as
 * uid 1000 before the embedded server starts. It does what itzg's scripts do to the files and
 * fails where they fail, so a harness change that would break on real itzg (a root-owned file in
 * /data, a plugin dropped where itzg never syncs it) breaks here first. Each step names the itzg
 * script it mirrors.
 */
import fs from 'node:fs'
import path from 'node:path'
import { HarnessInputError } from '../../errors.ts'
import { mergeServerProperties, usesPlugins, type ServerType } from './env-contract.ts'
import { pluginDescriptorFromZip, type PluginDescriptor } from './plugin-jar.ts'

export interface DataDirOptions {
  type: ServerType
  serverProperties: ReadonlyMap<string, string>
  /** WHITELIST's UUID entries, written to whitelist.json. */
  whitelistUuids: string[]
  dataDir?: string
  pluginsSrc?: string
  configSrc?: string
  /** The Minecraft version (for the Paper jar's name). */
  version?: string
  /** PAPER_CUSTOM_JAR: a Paper server jar to run instead of downloading one. */
  paperCustomJar?: string
  log: (line: string) => void
  warn: (line: string) => void
  /** The uid the image runs as (1000, like itzg's server process). */
  uid?: number
}

export interface DataDirResult {
  /** Plugins Paper would enable, in load order. */
  enabled: PluginDescriptor[]
}

/** A refusal of the contract: the entrypoint logs it and exits 1, as itzg's `set -e` scripts do. */
export class DataDirError extends Error {}

function errno(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error)
}

/** Owner uid of `p`, for messages. */
function ownerOf(p: string): string {
  try {
    return String(fs.statSync(p).uid)
  } catch {
    return '?'
  }
}

function writable(p: string): boolean {
  try {
    fs.accessSync(p, fs.constants.W_OK)
    return true
  } catch {
    return false
  }
}

/** Every file and directory under `dir` (bounded: a world folder is not what this guards). */
function walk(dir: string, out: string[] = [], limit = 5000): string[] {
  let entries: fs.Dirent[]
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true })
  } catch {
    return out
  }
  for (const e of entries) {
    if (out.length >= limit) break
    const full = path.join(dir, e.name)
    out.push(full)
    if (e.isDirectory()) walk(full, out, limit)
  }
  return out
}

/**
 * itzg's scripts/start-setupMounts (mc-image-helper sync-and-interpolate): copies `src` into
 * `dest`, creating folders. A file that cannot be written (root-owned in /data) is an EACCES
 * there and `set -e` ends the start; here too.
 */
function sync(src: string, dest: string, log: (line: string) => void): string[] {
  if (!fs.existsSync(src)) return []
  const copied: string[] = []
  for (const file of walk(src)) {
    const rel = path.relative(src, file)
    const target = path.join(dest, rel)
    try {
      if (fs.statSync(file).isDirectory()) fs.mkdirSync(target, { recursive: true })
      else {
        fs.mkdirSync(path.dirname(target), { recursive: true })
        fs.copyFileSync(file, target)
        copied.push(target)
      }
    } catch (error) {
      throw new DataDirError(
        `copying ${file} to ${target} failed: ${errno(error)} (owner uid ${ownerOf(target)}); files in ${dest} must be writable by uid 1000`,
      )
    }
  }
  if (copied.length > 0) log(`Synced ${copied.length} file(s) from ${src} to ${dest}`)
  return copied
}

export function prepareDataDir(options: DataDirOptions): DataDirResult {
  const data = options.dataDir ?? '/data'
  const pluginsSrc = options.pluginsSrc ?? '/plugins'
  const configSrc = options.configSrc ?? '/config'
  const { log, warn } = options
  const uid = options.uid ?? process.getuid?.() ?? 1000

  // itzg's Dockerfile: the server runs as uid 1000 and /data is that user's; scripts/start only
  // chowns /data when /data ITSELF is owned by someone else, so files copied into it as root
  // stay root's.
  if (!writable(data))
    throw new DataDirError(`${data} is not writable by uid ${uid} (owner uid ${ownerOf(data)}); itzg's server runs as uid 1000`)
  // Stricter than itzg by intent: itzg only fails when it (or the server, or a plugin) writes such
  // a file, which is every file the harness would put in /data (server.properties, bukkit.yml,
  // plugin configs, the lists). So any entry uid 1000 cannot write is refused up front, by name.
  const locked = walk(data).filter((p) => !writable(p))
  if (locked.length > 0) {
    throw new DataDirError(
      `${locked.length} file(s) in ${data} are not writable by uid ${uid}: ${locked
        .slice(0, 5)
        .map((p) => `${p} (owner uid ${ownerOf(p)})`)
        .join(
          ', ',
        )}${locked.length > 5 ? ', ...' : ''}. itzg's server would fail on them with EACCES: put files in through /plugins or /config (itzg syncs them as uid 1000) or copy them with owner 1000, and set server.properties through env (CUSTOM_SERVER_PROPERTIES)`,
    )
  }

  // scripts/start-deployPaper: PAPER_CUSTOM_JAR becomes SERVER as is and nothing is downloaded
  // (the jar only has to be readable: Paper's launcher writes its patched files into /data);
  // otherwise mc-image-helper install-paper downloads paper-<version>-<build>.jar into /data and
  // names it in /data/.paper.env (SERVER=...). A placeholder stands in for the download here.
  if (options.type === 'PAPER') {
    if (options.paperCustomJar) {
      try {
        if (!fs.statSync(options.paperCustomJar).isFile()) throw new Error('not a file')
        fs.accessSync(options.paperCustomJar, fs.constants.R_OK)
      } catch {
        throw new DataDirError(
          `PAPER_CUSTOM_JAR=${options.paperCustomJar} is not a file uid ${uid} can read; itzg would run it as the server jar (java -jar) and fail`,
        )
      }
      log(`Using PAPER_CUSTOM_JAR ${options.paperCustomJar} (nothing downloaded)`)
    } else {
      const jar = path.join(data, `paper-${options.version ?? 'unknown'}-stand-in.jar`)
      writeFile(jar, `stand-in for the Paper ${options.version ?? ''} server jar itzg downloads\n`)
      writeFile(path.join(data, '.paper.env'), `SERVER="${jar}"\n`)
      log(`Downloaded Paper ${options.version ?? ''} to ${jar} (stand-in placeholder for mc-image-helper install-paper)`)
    }
  }

  // scripts/start-configuration writes eula.txt once EULA=TRUE (checked by the env contract).
  writeFile(path.join(data, 'eula.txt'), 'eula=true\n')

  // scripts/start-setupMounts: /config is always synced into /data/config (COPY_CONFIG_DEST).
  sync(configSrc, path.join(data, 'config'), log)
  // scripts/start-setupMounts: /plugins is synced into /data/plugins only when the type's deploy
  // script (start-deployPaper, -Spigot, -Bukkit, -Purpur, ...) exported USES_PLUGINS.
  if (usesPlugins(options.type)) sync(pluginsSrc, path.join(data, 'plugins'), log)
  else if (fs.existsSync(pluginsSrc) && walk(pluginsSrc).length > 0) {
    warn(
      `${pluginsSrc} is not synced: TYPE=${options.type} loads no plugins (itzg syncs /plugins only for plugin-capable types such as PAPER)`,
    )
  }

  // scripts/start-setupServerProperties (mc-image-helper set-properties): named variables and
  // CUSTOM_SERVER_PROPERTIES are written into the existing server.properties, in place.
  const propsFile = path.join(data, 'server.properties')
  const existing = fs.existsSync(propsFile) ? fs.readFileSync(propsFile, 'utf8') : ''
  writeFile(propsFile, mergeServerProperties(existing, options.serverProperties))

  // scripts/start-setupRbac (mc-image-helper manage-users): WHITELIST entries land in whitelist.json.
  if (options.whitelistUuids.length > 0) {
    writeFile(
      path.join(data, 'whitelist.json'),
      JSON.stringify(
        options.whitelistUuids.map((uuid) => ({ uuid, name: '' })),
        null,
        2,
      ) + '\n',
    )
  }

  return { enabled: usesPlugins(options.type) ? loadPlugins(path.join(data, 'plugins'), log, warn) : [] }
}

function writeFile(file: string, content: string): void {
  try {
    fs.writeFileSync(file, content)
  } catch (error) {
    throw new DataDirError(
      `writing ${file} failed: ${errno(error)} (owner uid ${ownerOf(file)}); itzg's server runs as uid 1000 and exits here`,
    )
  }
}

/**
 * Paper's plugin loader, as far as the console shows it: a jar without a valid descriptor or with
 * a missing hard dependency is logged as "Could not load" and skipped (the server still prints
 * Done), the others are loaded and enabled. The plugins' code does not run in this image.
 */
function loadPlugins(dir: string, log: (line: string) => void, warn: (line: string) => void): PluginDescriptor[] {
  if (!fs.existsSync(dir)) return []
  const found: { file: string; d: PluginDescriptor }[] = []
  for (const name of fs
    .readdirSync(dir)
    .filter((n) => n.endsWith('.jar'))
    .sort()) {
    const file = `plugins/${name}`
    let d: PluginDescriptor | undefined
    try {
      d = pluginDescriptorFromZip(fs.readFileSync(path.join(dir, name)), file)
    } catch (error) {
      warn(`Could not load '${file}' in folder 'plugins': ${error instanceof HarnessInputError ? error.message : String(error)}`)
      continue
    }
    if (!d) {
      warn(
        `Could not load '${file}' in folder 'plugins': org.bukkit.plugin.InvalidDescriptionException: Invalid plugin.yml (jar does not contain plugin.yml)`,
      )
      continue
    }
    if (!d.main) {
      warn(`Could not load '${file}' in folder 'plugins': org.bukkit.plugin.InvalidDescriptionException: main is not defined`)
      continue
    }
    found.push({ file, d })
  }
  const names = new Set(found.map((f) => f.d.name))
  const enabled: PluginDescriptor[] = []
  for (const { file, d } of found) {
    const missing = d.depend.filter((dep) => !names.has(dep))
    if (missing.length > 0) {
      warn(
        `Could not load '${file}' in folder 'plugins': Unknown/missing dependency plugins: [${missing.join(', ')}]. Please download and install these plugins to run '${d.name}'.`,
      )
      continue
    }
    log(`[${d.name}] Loading server plugin ${d.name} v${d.version}`)
    enabled.push(d)
  }
  for (const d of enabled) {
    log(`[${d.name}] Enabling ${d.name} v${d.version}`)
    log(`[${d.name}] (local image: the plugin's code does not run here; its jar, descriptor and dependencies were checked)`)
  }
  return enabled
}
