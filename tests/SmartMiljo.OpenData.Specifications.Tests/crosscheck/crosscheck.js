// Usage: node crosscheck.js DATA.csv SCHEMA.json [MAX_ROWS]
// Prints {"rows": N, "invalid": [data row numbers], "seconds": wall, "cpuSeconds": CPU}; row 1 is the first row after the header.
const { Table, Schema } = require('tableschema');
const fs = require('fs');

async function main() {
  const [dataPath, schemaPath, maxRowsArg] = process.argv.slice(2);
  const maxRows = maxRowsArg ? parseInt(maxRowsArg, 10) : Infinity;
  const descriptor = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
  const schema = await Schema.load({ fields: descriptor.fields, primaryKey: descriptor.primaryKey, missingValues: descriptor.missingValues || [''] });
  const table = await Table.load(dataPath, { schema, headers: 1 });
  const started = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  const stream = await table.iter({ forceCast: true, stream: true });
  const invalid = [];
  let rows = 0;
  const finish = () => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = process.cpuUsage(cpuStart);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    // Exit only once the output is flushed: stdout to a pipe is asynchronous in node.
    process.stdout.write(JSON.stringify({ rows, invalid, seconds, cpuSeconds }) + '\n', () => process.exit(0));
  };
  for await (const value of stream) {
    rows++;
    if (value instanceof Error) invalid.push(rows);
    if (rows >= maxRows) { stream.pause(); return finish(); }
  }
  finish();
}

main().catch(e => { process.stderr.write(String(e && e.stack || e) + '\n'); process.exit(3); });
