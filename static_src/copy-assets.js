// Copies the compiled GOV.UK Frontend JavaScript and images into static/;
// the fonts are left behind on purpose (see app.scss).
const fs = require("fs");
const path = require("path");

const dist = path.join(__dirname, "..", "node_modules", "govuk-frontend", "dist", "govuk");
const out = path.join(__dirname, "..", "static", "govuk");

fs.mkdirSync(path.join(out, "assets"), { recursive: true });
fs.copyFileSync(path.join(dist, "govuk-frontend.min.js"), path.join(out, "govuk-frontend.min.js"));
fs.cpSync(path.join(dist, "assets", "images"), path.join(out, "assets", "images"), { recursive: true });
fs.copyFileSync(
  path.join(__dirname, "..", "node_modules", "axe-core", "axe.min.js"),
  path.join(out, "axe.min.js"),
);
