// The slalang extension: a language client that starts `slalang lsp` and talks to it over stdio.
// Plain JavaScript (no build step); the colours come from syntaxes/slalang.tmLanguage.json.
"use strict";

const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

/** The command and arguments that start the server, from the user's settings. */
function serverCommand(config, folder) {
  const expand = (value) => (folder ? value.split("${workspaceFolder}").join(folder) : value);
  const command = expand(config.get("server.command") || "slalang");
  const args = ["lsp", ...config.get("server.extraArgs", []).map(expand)];
  return { command, args };
}

async function activate(context) {
  const config = vscode.workspace.getConfiguration("slalang");
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const { command, args } = serverCommand(config, folder);
  const serverOptions = { command, args, transport: TransportKind.stdio }; // the client adds --stdio
  const clientOptions = {
    documentSelector: [
      { scheme: "file", language: "slalang" },
      { scheme: "untitled", language: "slalang" },
    ],
    synchronize: {
      // edits made outside VS Code (git checkout, another editor) are checked again
      fileEvents: vscode.workspace.createFileSystemWatcher("**/{*.sla,slalang.toml,pyproject.toml}"),
    },
  };
  client = new LanguageClient("slalang", "slalang", serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("slalang.server")) {
        vscode.commands.executeCommand("workbench.action.restartExtensionHost");
      }
    }),
  );
  try {
    await client.start();
  } catch (error) {
    vscode.window.showErrorMessage(
      `slalang: could not start \`${command} ${args.join(" ")}\` (${error.message}). ` +
        "Install slalang with `pip install 'slalang[lsp]'`, or set slalang.server.command to its path.",
    );
  }
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate, serverCommand };
