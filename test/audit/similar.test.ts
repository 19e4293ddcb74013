import { describe, expect, test } from 'vitest';
import { similarity, suggestNames, words } from '../../src/audit/similar.js';

const SEO = "Mots clés de l'optimisation de référencement pour les moteurs de recherche (Search Engine Optimisation, SEO)";

describe('words', () => {
  test('strips accents, splits camelCase and separators, drops stopwords', () => {
    expect(words("l'Opération sessionId")).toEqual(['operation', 'session', 'id']);
    expect(words('ID du dernier compte')).toEqual(['id', 'dernier', 'compte']);
    expect(words('SEOKeyword_v2')).toEqual(['seo', 'keyword', 'v2']);
  });
});

describe('similarity', () => {
  test.each([
    ['CODE_OP', 'Code Opération', 1],
    ['SEO_KW', SEO, 0.5],
    ['DERNIER_COMPTE_ID', 'ID du dernier compte', 1],
    ['UID', 'ID du dernier compte', 0],
    ['_ga', 'ID du dernier compte', 0],
    ['idc', 'ID du dernier compte', 1],
    ['__', 'Code Opération', 0],
  ])('%s ↔ %s = %s', (cookie, label, score) => {
    expect(similarity(cookie, label)).toBe(score);
  });

  test('a one-letter prefix is not enough', () => {
    expect(similarity('C_OP', 'Code Opération')).toBe(0.5);
  });
});

describe('suggestNames', () => {
  test('best score first, then by name, at most three, no duplicates', () => {
    const names = ['ID_X', 'DERNIER_COMPTE_ID', 'COMPTE_ID', 'ID_Y', 'UID', 'COMPTE_ID', 'AA_ID'];
    expect(suggestNames('ID du dernier compte', names)).toEqual(['COMPTE_ID', 'DERNIER_COMPTE_ID', 'AA_ID']);
  });

  test('nothing looks like the label', () => {
    expect(suggestNames('Code Opération', ['UID', '_ga'])).toEqual([]);
  });
});
