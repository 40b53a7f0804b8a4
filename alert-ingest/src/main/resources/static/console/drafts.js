/*
 * Keeps what an organiser writes in the compose and update forms in this tab's sessionStorage, so that a session
 * that ended meanwhile (30 minutes without a request, a laptop asleep) does not lose it: sent then, the form ends on
 * the login page or a refusal, and nothing is stored. Once logged in again, the same form offers to bring it back,
 * by sending it to the draft preview, which stores and sends nothing. The kept draft is removed once the alert is
 * stored (the page after it says so), when it is discarded, and at logout; closing the tab removes it too.
 */
(function () {
  'use strict';

  var PREFIX = 'solidarity-alerts.draft:';

  function clear(which) {
    if (which === '*') {
      Object.keys(sessionStorage).forEach(function (key) {
        if (key.indexOf(PREFIX) === 0) {
          sessionStorage.removeItem(key);
        }
      });
    }
    else if (which) {
      sessionStorage.removeItem(PREFIX + which);
    }
  }

  var marker = document.querySelector('[data-drafts-clear]');
  clear(marker && marker.getAttribute('data-drafts-clear'));
  var form = document.getElementById('compose');
  if (!form) {
    return;
  }
  var key = PREFIX + form.getAttribute('action');

  function fields() {
    var list = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== '_csrf' && typeof value === 'string') {
        list.push([name, value]);
      }
    });
    return list;
  }

  var kept = null;
  try {
    kept = JSON.parse(sessionStorage.getItem(key));
  }
  catch (e) {
    kept = null;
  }
  var notice = document.getElementById('draft-kept');
  // Brought back just now: the form is the kept draft, as the console lays it out.
  var deciding = kept !== null && Array.isArray(kept.fields) && notice !== null && !kept.restored
      && JSON.stringify(kept.fields) !== JSON.stringify(fields());

  function save() {
    if (deciding) {
      return;
    }
    try {
      sessionStorage.setItem(key, JSON.stringify({ savedAt: Date.now(), fields: fields() }));
    }
    catch (e) {
      // Storage full or refused (a private window's quota): the form works as it did without it.
    }
  }

  if (deciding) {
    notice.querySelector('time').textContent = new Date(kept.savedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    notice.hidden = false;
    document.getElementById('restore-draft').addEventListener('click', function () {
      var back = document.createElement('form');
      back.method = 'post';
      back.action = document.getElementById('preview-draft').getAttribute('formaction');
      var token = form.querySelector('input[name="_csrf"]');
      kept.fields.concat(token ? [['_csrf', token.value]] : []).forEach(function (field) {
        var input = document.createElement('input');
        input.type = 'hidden';
        input.name = field[0];
        input.value = field[1];
        back.appendChild(input);
      });
      document.body.appendChild(back);
      kept.restored = true;
      sessionStorage.setItem(key, JSON.stringify(kept));
      back.submit();
    });
    document.getElementById('discard-draft').addEventListener('click', function () {
      sessionStorage.removeItem(key);
      notice.hidden = true;
      deciding = false;
    });
  }
  if (kept !== null && kept.restored) {
    save();
  }
  form.addEventListener('input', save);
  form.addEventListener('change', save);
}());
