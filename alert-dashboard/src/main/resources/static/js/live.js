// Follows the live views of the page: each element with data-live gets its inner HTML from the
// server-sent events of that URL (rendered on the server by the same template as the page), and
// htmx wires the buttons in it. htmx requests carry the CSRF token from the page's meta tags.
(function () {
  'use strict';

  function follow(element) {
    var source = new EventSource(element.getAttribute('data-live'));
    source.addEventListener('update', function (event) {
      element.innerHTML = event.data;
      if (window.htmx) {
        window.htmx.process(element);
      }
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('[data-live]').forEach(follow);
    var token = document.querySelector('meta[name="_csrf"]');
    var header = document.querySelector('meta[name="_csrf_header"]');
    // An action the server refused (404, 409) answers with a readable message: show it.
    document.body.addEventListener('htmx:beforeSwap', function (event) {
      var status = event.detail.xhr.status;
      if (status === 404 || status === 409) {
        event.detail.shouldSwap = true;
        event.detail.isError = false;
      }
    });
    document.body.addEventListener('htmx:configRequest', function (event) {
      if (token && header) {
        event.detail.headers[header.getAttribute('content')] = token.getAttribute('content');
      }
    });
  });
})();
