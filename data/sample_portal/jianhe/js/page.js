// TRS-style pager: list pages are index.html, index_1.html, … index_{n-1}.html
function createPageHTML(pageCount, currentPage, prefix, suffix) {
  if (pageCount <= 1) return;
  var out = [];
  for (var i = 0; i < pageCount; i++) {
    var name = i == 0 ? prefix + "." + suffix : prefix + "_" + i + "." + suffix;
    out.push(i == currentPage ? "<span>" + (i + 1) + "</span>" : "<a href=\"" + name + "\">" + (i + 1) + "</a>");
  }
  document.write(out.join(" "));
}
