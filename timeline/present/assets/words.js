// The page's words: every word the scripts write comes from the language's present.toml,
// handed over by Python in the page's config (TL.words: the formats of [dates], [citations]
// and [hover]). tlFormat fills a format string as Python's str.format does with plain named
// fields ("{year} BC"; "{{" and "}}" are braces); tlCount picks a plural's form.

function tlFormat(template, fields) {
  return template.replace(/\{\{|\}\}|\{(\w+)\}/g, function (m, key) {
    return key === undefined ? m[0] : String(fields[key]);
  });
}

function tlCount(plural, count, fields) {
  return tlFormat(count === 1 ? plural.one : plural.other,
                  Object.assign({count: count}, fields || {}));
}
