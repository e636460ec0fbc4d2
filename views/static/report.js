/*
 * Page numbers for the printed report's table of contents. Browsers print page numbers in the margin
 * (print.css) but cannot put the page of a heading in the text (target-counter is not implemented),
 * so this lays the report out once more the way the printer will: in a hidden frame, with the print
 * stylesheet, in columns exactly one A4 content area wide and high — the browser breaks columns with
 * the same rules it breaks pages with — and reads off in which column each section starts. Without
 * JavaScript the table of contents simply has no page numbers.
 */
(function () {
  'use strict';
  // A4 (210 × 297 mm) minus the @page margins of print.css (16 mm top, 14 mm sides, 18 mm bottom), in CSS pixels
  var MM = 96 / 25.4;
  var PAGE_WIDTH = (210 - 2 * 14) * MM;
  var PAGE_HEIGHT = (297 - 16 - 18) * MM;

  function loaded(link) {
    return new Promise(function (resolve) {
      if (link.sheet) return resolve();
      link.addEventListener('load', function () { resolve(); });
      link.addEventListener('error', function () { resolve(); });
    });
  }

  function paginate() {
    var targets = document.querySelectorAll('.toc-page[data-target]');
    var main = document.querySelector('main');
    if (!targets.length || !main) return;
    var frame = document.createElement('iframe');
    frame.setAttribute('aria-hidden', 'true');
    frame.tabIndex = -1;
    frame.style.position = 'fixed';
    frame.style.left = '-20000px';
    frame.style.top = '0';
    frame.style.width = PAGE_WIDTH + 'px';
    frame.style.height = PAGE_HEIGHT + 'px';
    frame.style.border = '0';
    frame.style.visibility = 'hidden';
    document.body.appendChild(frame);
    var doc = frame.contentDocument;
    // standards mode, as the report itself: a frame's blank document is in quirks mode, where tables lay out differently
    doc.open();
    doc.write('<!doctype html><html lang="nl"><head><meta charset="utf-8"></head><body></body></html>');
    doc.close();
    var links = [];
    document.querySelectorAll('link[rel="stylesheet"]').forEach(function (link) {
      var copy = doc.createElement('link');
      copy.rel = 'stylesheet';
      copy.href = link.href;
      // the print rules apply on this screen: that is the point
      copy.media = 'all';
      doc.head.appendChild(copy);
      links.push(copy);
    });
    doc.body.className = document.body.className;
    doc.body.appendChild(doc.importNode(main, true));
    // the root becomes a row of page-sized columns; a page break becomes a column break
    var root = doc.documentElement;
    root.style.width = PAGE_WIDTH + 'px';
    root.style.height = PAGE_HEIGHT + 'px';
    root.style.columnWidth = PAGE_WIDTH + 'px';
    root.style.columnGap = '0';
    root.style.columnFill = 'auto';
    // no scroll bars: one would take width from the page and wrap the text differently than on paper
    root.style.overflow = 'hidden';
    doc.querySelectorAll('.report-first-page').forEach(function (el) { el.style.breakAfter = 'column'; });
    Promise.all(links.map(loaded)).then(function () {
      targets.forEach(function (span) {
        var target = doc.getElementById(span.getAttribute('data-target'));
        var rect = target && target.getClientRects()[0];
        if (rect) span.textContent = String(Math.floor((rect.left + 1) / PAGE_WIDTH) + 1);
      });
      document.documentElement.setAttribute('data-toc-pages', 'klaar');
      frame.remove();
    });
  }

  if (document.readyState === 'complete') paginate();
  else window.addEventListener('load', paginate);
})();
