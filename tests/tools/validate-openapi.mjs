// Validates OpenAPI descriptions with @apidevtools/swagger-parser (an independent implementation):
// node validate-openapi.mjs file1.json [file2.json ...] -> one line per file, "ok <file>" or "invalid <file>: <reason>".
import SwaggerParser from "@apidevtools/swagger-parser";

let failed = 0;
for (const file of process.argv.slice(2)) {
  try {
    const api = await SwaggerParser.validate(file);
    console.log(`ok ${file} ${api.openapi}`);
  } catch (e) {
    failed++;
    console.log(`invalid ${file}: ${e.message}`);
  }
}
process.exit(failed ? 1 : 0);
