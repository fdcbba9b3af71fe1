// Runs dynalite as the local cloud's DynamoDB and ends with the JVM that started it.
// usage: node launch.js --host 127.0.0.1 --port 8000 --path <dir> --parent-pid <pid>
// The JVM holds this process's stdin: when the JVM exits, however it exits (SIGKILL included), stdin closes.
// The parent pid is watched as well, in case stdin was inherited by something else.
'use strict'
const dynalite = require('dynalite')

const args = {}
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1]
const port = Number(args.port)
const host = args.host || '127.0.0.1'
const parentPid = Number(args['parent-pid'] || 0)

// Tables are ACTIVE at once: DynamoDB's CREATING phase only slows a local start down.
const server = dynalite({ path: args.path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 })

let stopping = false
function stop (why) {
  if (stopping) return
  stopping = true
  console.log(`dynalite stopping: ${why}`)
  // LevelDB is closed by server.close; idle keep-alive connections must not hold it open
  if (server.closeAllConnections) server.closeAllConnections()
  server.close(() => process.exit(0))
  setTimeout(() => process.exit(0), 5000).unref()
}

server.on('error', (e) => {
  console.error(`dynalite could not listen on ${host}:${port}: ${e.message}`)
  process.exit(2)
})
server.listen(port, host, () => console.log(`dynalite listening on ${host}:${port}, data in ${args.path || 'memory'}`))

process.stdin.on('end', () => stop('parent closed stdin'))
process.stdin.on('error', () => stop('parent stdin failed'))
process.stdin.resume()
process.on('SIGTERM', () => stop('SIGTERM'))
process.on('SIGINT', () => stop('SIGINT'))
if (parentPid > 0) {
  setInterval(() => {
    try {
      process.kill(parentPid, 0)
    } catch (gone) {
      stop(`parent ${parentPid} is gone`)
    }
  }, 1000).unref()
}
