// Progressive enhancement of the respondent pages. Everything works without this file: the server
// validates every page and applies the routing. This only adds conveniences.
(function () {
  'use strict';
  document.documentElement.classList.add('js');

  function ready(fn) {
    if (document.readyState !== 'loading') fn();
    else document.addEventListener('DOMContentLoaded', fn);
  }

  // the server's rule (parseDecimal in server/domain/questionnaire/types/form.ts): a decimal comma or
  // point, a sign, an optional trailing unit; no thousands separators
  function parseNumber(text, unit) {
    var s = String(text).trim();
    if (unit && s.length >= unit.length && s.slice(s.length - unit.length) === unit) s = s.slice(0, s.length - unit.length).trim();
    if (!/^[-+]?\d+([.,]\d+)?$/.test(s)) return null;
    var n = Number(s.replace(',', '.'));
    return isFinite(n) ? n : null;
  }

  // ---- same-page routing: show a follow-up question only when its condition holds
  function fieldValues(form, name) {
    var out = [];
    var els = form.elements.namedItem(name);
    if (!els) return out;
    var list = els instanceof RadioNodeList ? Array.prototype.slice.call(els) : [els];
    list.forEach(function (el) {
      if ((el.type === 'radio' || el.type === 'checkbox') && !el.checked) return;
      if (el.value !== '') out.push(el.value);
    });
    return out;
  }

  function valueOf(form, code) {
    var v = fieldValues(form, code)[0];
    if (v === undefined) return null;
    var n = parseNumber(v);
    return n === null ? v : n;
  }

  function answered(form, code) {
    if (fieldValues(form, code).length > 0) return true;
    return Array.prototype.some.call(form.elements, function (el) {
      return el.name && el.name.indexOf(code + '_') === 0 && fieldValues(form, el.name).length > 0;
    });
  }

  function holds(form, c) {
    if (c.all) return c.all.every(function (x) { return holds(form, x); });
    if (c.any) return c.any.some(function (x) { return holds(form, x); });
    if (c.not) return !holds(form, c.not);
    if (c.answered !== undefined) return answered(form, c.q) === c.answered;
    if (c.includes !== undefined) return fieldValues(form, c.q).indexOf(String(c.includes)) >= 0;
    var v = valueOf(form, c.q);
    if (c.equals !== undefined) return v === c.equals;
    if (c.notEquals !== undefined) return v !== c.notEquals;
    if (c['in'] !== undefined) return v !== null && c['in'].indexOf(v) >= 0;
    if (typeof v !== 'number') return false;
    if (c.gt !== undefined) return v > c.gt;
    if (c.gte !== undefined) return v >= c.gte;
    if (c.lt !== undefined) return v < c.lt;
    if (c.lte !== undefined) return v <= c.lte;
    return false;
  }

  function updateDependents(form) {
    form.querySelectorAll('[data-show-if]').forEach(function (el) {
      var condition;
      try { condition = JSON.parse(el.getAttribute('data-show-if')); } catch (e) { return; }
      el.hidden = !holds(form, condition);
    });
  }

  // ---- constant sum: a running total, refusing what the server refuses, with the server's message
  function labelOf(input) {
    var label = input.id ? document.querySelector('label[for="' + input.id + '"]') : null;
    return label ? label.textContent.trim() : '';
  }

  function updateSums(form) {
    form.querySelectorAll('[data-sum-total]').forEach(function (box) {
      var total = Number(box.getAttribute('data-sum-total'));
      var unit = box.getAttribute('data-sum-unit') || '';
      var integer = box.getAttribute('data-sum-integer') === 'true';
      var sum = 0;
      var problem = '';
      box.querySelectorAll('.sum-input').forEach(function (input) {
        var raw = input.value.trim();
        if (raw === '' || problem) return;
        var n = parseNumber(raw, unit);
        var label = labelOf(input);
        if (n === null) problem = '\u201c' + raw + '\u201d bij \u201c' + label + '\u201d is geen getal.';
        else if (n < 0) problem = 'Vul bij \u201c' + label + '\u201d een getal van 0 of meer in.';
        else if (integer && Math.floor(n) !== n) problem = 'Vul bij \u201c' + label + '\u201d een heel getal in, zonder komma.';
        else sum += n;
      });
      var line = box.querySelector('.sum-total');
      var out = box.querySelector('.sum-current');
      var why = box.querySelector('.sum-problem');
      if (!line || !out) return;
      line.hidden = false;
      out.textContent = problem ? '?' : String(Math.round(sum * 1e6) / 1e6).replace('.', ',');
      if (why) why.textContent = problem ? ' \u2013 ' + problem : '';
      line.classList.toggle('is-off', problem !== '' || Math.abs(sum - total) > 1e-9);
    });
  }

  // ---- "anders, namelijk": out of the tab order until its option is chosen; typing there chooses it
  function otherOption(input) {
    return document.getElementById(input.getAttribute('data-other-of') || input.getAttribute('data-other-select') || '');
  }

  function otherChosen(input) {
    var option = otherOption(input);
    if (!option) return true;
    if (option.tagName === 'SELECT') return option.value === input.getAttribute('data-other-value');
    return option.checked;
  }

  function updateOthers(form) {
    form.querySelectorAll('[data-other-of], [data-other-select]').forEach(function (input) {
      var on = otherChosen(input);
      if (on) input.removeAttribute('tabindex');
      else input.setAttribute('tabindex', '-1');
      if (input.parentNode) input.parentNode.classList.toggle('is-inactive', !on);
    });
  }

  function chooseOther(form, input) {
    if (!input.hasAttribute || !(input.hasAttribute('data-other-of') || input.hasAttribute('data-other-select'))) return;
    if (otherChosen(input)) return;
    var option = otherOption(input);
    if (option.tagName === 'SELECT') option.value = input.getAttribute('data-other-value');
    else {
      option.checked = true;
      onExclusive(form, option);
    }
    updateDependents(form);
    updateOthers(form);
  }

  // the text of an option that is not chosen is not sent: the respondent chose something else after typing
  function holdBackOthers(form) {
    form.querySelectorAll('[data-other-of], [data-other-select]').forEach(function (input) {
      if (!otherChosen(input)) input.disabled = true;
    });
  }

  // ---- multiple choice: an exclusive option ("geen") clears the others and vice versa
  function onExclusive(form, target) {
    if (target.type !== 'checkbox' || !target.checked) return;
    var group = form.querySelectorAll('input[type=checkbox][name="' + target.name + '"]');
    group.forEach(function (other) {
      if (other === target) return;
      if (target.hasAttribute('data-exclusive') || other.hasAttribute('data-exclusive')) other.checked = false;
    });
  }

  // ---- number with "weet niet": ticking it empties the number
  function onDontKnow(form, target) {
    if (target.type === 'checkbox' && target.checked && /_weetniet$/.test(target.name)) {
      var input = form.querySelector('[data-dont-know="' + target.id + '"]');
      if (input) input.value = '';
    }
    if (target.hasAttribute && target.hasAttribute('data-dont-know') && target.value.trim() !== '') {
      var box = document.getElementById(target.getAttribute('data-dont-know'));
      if (box) box.checked = false;
    }
  }

  // a page restored from the back-forward cache may be sent again
  window.addEventListener('pageshow', function () {
    document.querySelectorAll('form.survey-form').forEach(function (form) {
      form.removeAttribute('data-sent');
      form.querySelectorAll('[data-other-of], [data-other-select]').forEach(function (input) { input.disabled = false; });
    });
  });

  ready(function () {
    var summary = document.getElementById('fouten');
    if (summary) summary.focus();
    // the own-answers page: a print button where scripts run (without them the hint names the browser's own)
    document.querySelectorAll('.print-button').forEach(function (button) {
      button.hidden = false;
      button.addEventListener('click', function () { window.print(); });
    });
    document.querySelectorAll('form.survey-form').forEach(function (form) {
      updateDependents(form);
      updateSums(form);
      updateOthers(form);
      form.addEventListener('change', function (e) {
        onExclusive(form, e.target);
        onDontKnow(form, e.target);
        updateDependents(form);
        updateSums(form);
        updateOthers(form);
      });
      form.addEventListener('input', function (e) {
        chooseOther(form, e.target);
        onDontKnow(form, e.target);
        updateDependents(form);
        updateSums(form);
      });
      // a click or tap into an inactive "anders" box chooses its option at once
      form.addEventListener('focusin', function (e) {
        chooseOther(form, e.target);
      });
      // one submit per click: a double click must not send the page twice
      form.addEventListener('submit', function (e) {
        if (form.getAttribute('data-sent') === 'true') e.preventDefault();
        else {
          form.setAttribute('data-sent', 'true');
          holdBackOthers(form);
        }
      });
    });
  });
})();
