// Builds a form from a payload's JSON Schema (draft 2020-12, as the Overtime processor writes it),
// checks the values as the user types, and produces the payload object. No dependencies.
(function () {
  'use strict';

  function idFor(path) {
    return path.replace(/^\$\.?/, '').replace(/[^A-Za-z0-9_-]+/g, '-') || 'root';
  }

  function resolve(schema, root) {
    let seen = 0;
    while (schema && schema.$ref && seen++ < 20) {
      const ref = schema.$ref;
      if (!ref.startsWith('#/')) return {};
      schema = ref.slice(2).split('/').reduce((node, key) => node && node[key.replace(/~1/g, '/').replace(/~0/g, '~')], root);
    }
    return schema || {};
  }

  // "integer", or ["integer","null"] for an Optional component.
  function typeOf(schema) {
    let type = schema.type;
    let nullable = false;
    if (Array.isArray(type)) {
      nullable = type.includes('null');
      type = type.find(t => t !== 'null');
    }
    if (!type && Array.isArray(schema.anyOf || schema.oneOf)) {
      const options = schema.anyOf || schema.oneOf;
      nullable = options.some(o => o.type === 'null');
      const other = options.find(o => o.type !== 'null');
      return { type: other ? (other.type || 'json') : 'json', nullable, inner: other };
    }
    if (!type && schema.enum) type = 'string';
    return { type: type || 'json', nullable };
  }

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([key, value]) => {
      if (value === undefined || value === null || value === false) return;
      if (key === 'text') node.textContent = value; else node.setAttribute(key, value === true ? '' : value);
    });
    (children || []).forEach(child => child && node.appendChild(child));
    return node;
  }

  function describeType(schema, t) {
    if (schema.enum) return 'one of ' + schema.enum.join(', ');
    if (t.type === 'array') return 'array (JSON)';
    if (t.type === 'json') return 'JSON';
    return t.type + (schema.format ? ' · ' + schema.format : '');
  }

  class SchemaForm {
    constructor(container, schema, onChange) {
      this.container = container;
      this.root = schema || {};
      this.onChange = onChange || (() => {});
      this.fields = [];
      this.touched = false;
      container.innerHTML = '';
      const top = resolve(this.root, this.root);
      if (top.type === 'object' || top.properties) {
        this.renderObject(container, top, '$', true);
      } else {
        this.addField(container, 'payload', top, '$', true);
      }
      if (this.fields.length === 0) {
        container.appendChild(el('p', { class: 'hint', text: 'This job takes an empty payload: {}' }));
      }
    }

    renderObject(container, schema, path, required) {
      const requiredNames = new Set(schema.required || []);
      Object.entries(schema.properties || {}).forEach(([name, child]) => {
        const childPath = path + '.' + name;
        const resolved = resolve(child, this.root);
        const t = typeOf(resolved);
        if (t.type === 'object' && resolved.properties && !t.nullable) {
          const set = el('fieldset', { id: 'fieldset-' + idFor(childPath) }, [el('legend', { text: name })]);
          container.appendChild(set);
          this.renderObject(set, resolved, childPath, requiredNames.has(name));
        } else {
          this.addField(container, name, resolved, childPath, requiredNames.has(name) && !t.nullable);
        }
      });
    }

    addField(container, name, schema, path, required) {
      const t = typeOf(schema);
      const id = 'field-' + idFor(path);
      let input;
      if (schema.enum || (t.inner && t.inner.enum)) {
        const values = schema.enum || t.inner.enum;
        input = el('select', { id, name: path });
        input.appendChild(el('option', { value: '', text: required ? 'choose…' : '(none)' }));
        values.forEach(v => input.appendChild(el('option', { value: JSON.stringify(v), text: String(v) })));
      } else if (t.type === 'boolean') {
        input = el('select', { id, name: path });
        if (!required) input.appendChild(el('option', { value: '', text: '(none)' }));
        input.appendChild(el('option', { value: 'false', text: 'false' }));
        input.appendChild(el('option', { value: 'true', text: 'true' }));
      } else if (t.type === 'integer' || t.type === 'number') {
        input = el('input', { id, name: path, type: 'text', inputmode: 'numeric', placeholder: t.type === 'integer' ? 'a whole number' : 'a number' });
      } else if (t.type === 'string') {
        input = el('input', { id, name: path, type: 'text', placeholder: schema.format ? schema.format : '' });
      } else {
        input = el('textarea', { id, name: path, rows: 3, placeholder: t.type === 'array' ? '[ … ]' : '{ … }' });
      }
      const label = el('label', { for: id }, [
        document.createTextNode(name),
        el('span', { class: 'type', text: describeType(schema, t) }),
        required ? el('span', { class: 'req', text: 'required' }) : null]);
      const error = el('div', { class: 'field-error', id: 'error-' + idFor(path), role: 'alert', hidden: true });
      const wrapper = el('div', { class: 'field', 'data-path': path }, [
        label,
        schema.description ? el('div', { class: 'desc', text: schema.description }) : null,
        input, error]);
      container.appendChild(wrapper);
      const field = { name, path, schema, type: t, required, input, error, wrapper, dirty: false };
      this.fields.push(field);
      const update = () => { field.dirty = true; this.check(field); this.onChange(); };
      input.addEventListener('input', update);
      input.addEventListener('change', update);
      input.addEventListener('blur', () => { field.dirty = true; this.check(field); });
    }

    // The field's value, or {error}, or {absent: true}.
    read(field) {
      const raw = field.input.value;
      const t = field.type;
      if (raw.trim() === '') {
        return field.required ? { error: 'required: give a value' } : { absent: true };
      }
      if (field.input.tagName === 'SELECT' && (field.schema.enum || (t.inner && t.inner.enum))) {
        return { value: JSON.parse(raw) };
      }
      if (t.type === 'boolean') return { value: raw === 'true' };
      if (t.type === 'integer') {
        if (!/^-?\d+$/.test(raw.trim())) return { error: 'must be a whole number, like 20' };
        const value = Number(raw.trim());
        return this.range(field.schema, value, raw.trim());
      }
      if (t.type === 'number') {
        if (!/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(raw.trim())) return { error: 'must be a number, like 2.5' };
        return this.range(field.schema, Number(raw.trim()), raw.trim());
      }
      if (t.type === 'string') {
        const s = field.schema;
        if (s.minLength !== undefined && raw.length < s.minLength) return { error: 'must be at least ' + s.minLength + ' characters' };
        if (s.maxLength !== undefined && raw.length > s.maxLength) return { error: 'must be at most ' + s.maxLength + ' characters' };
        if (s.pattern && !new RegExp(s.pattern, 'u').test(raw)) return { error: 'must match ' + s.pattern };
        return { value: raw };
      }
      try {
        const value = JSON.parse(raw);
        if (t.type === 'array' && !Array.isArray(value)) return { error: 'must be a JSON array, like [1, 2]' };
        if (t.type === 'object' && (value === null || typeof value !== 'object' || Array.isArray(value))) return { error: 'must be a JSON object' };
        return { value };
      } catch (e) {
        return { error: 'not valid JSON: ' + e.message };
      }
    }

    range(schema, value, text) {
      const min = schema.minimum, max = schema.maximum;
      if (min !== undefined && value < min) return { error: 'must be at least ' + min };
      if (max !== undefined && value > max) return { error: 'must be at most ' + max };
      if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) return { error: 'must be more than ' + schema.exclusiveMinimum };
      if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum) return { error: 'must be less than ' + schema.exclusiveMaximum };
      // Keep big whole numbers exact: they are written into the JSON as typed.
      return Number.isSafeInteger(value) || !/^-?\d+$/.test(text) ? { value } : { value, literal: text };
    }

    check(field) {
      const result = this.read(field);
      this.setError(field, result.error && field.dirty ? result.error : null);
      return result;
    }

    setError(field, message) {
      field.wrapper.classList.toggle('invalid', !!message);
      field.error.textContent = message || '';
      field.error.hidden = !message;
      if (message) field.input.setAttribute('aria-invalid', 'true'); else field.input.removeAttribute('aria-invalid');
    }

    // {ok, json} with the payload as JSON text, or {ok: false} after showing every field error.
    collect(showAll) {
      const payload = {};
      const literals = {};
      let ok = true;
      let counter = 0;
      for (const field of this.fields) {
        if (showAll) field.dirty = true;
        const result = this.check(field);
        if (result.error) { ok = false; continue; }
        if (result.absent) continue;
        let value = result.value;
        if (result.literal) {
          const marker = '__overtime_literal_' + (counter++) + '__';
          literals[marker] = result.literal;
          value = marker;
        }
        if (field.path === '$') return { ok, json: JSON.stringify(value) };
        const keys = field.path.slice(2).split('.');
        let node = payload;
        keys.slice(0, -1).forEach(key => { node = node[key] = node[key] || {}; });
        node[keys[keys.length - 1]] = value;
      }
      let json = JSON.stringify(payload, null, 2);
      Object.entries(literals).forEach(([marker, text]) => { json = json.replace('"' + marker + '"', text); });
      return { ok, json };
    }

    // Errors from the server: [{path, message}]; returns those that match no field.
    showProblems(problems) {
      const unmatched = [];
      problems.forEach(problem => {
        const field = this.fields.find(f => f.path === problem.path);
        if (field) this.setError(field, problem.message); else unmatched.push(problem);
      });
      return unmatched;
    }
  }

  window.SchemaForm = SchemaForm;
})();
