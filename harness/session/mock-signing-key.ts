/**
 * The mock's signing key: RSA-4096, PKCS#8 DER in base64. Public on purpose: it stands for Mojang's
 * own session key, which is one fixed key too, and signs only what the mock serves (textures,
 * player certificates, entitlements), which only servers pointed at a mock trust. A key made per
 * process instead cost 0.1-1.8 s of CPU (a random search for primes), which a run's first mock
 * waited for whenever the search was slow. Made once with node:crypto's
 * generateKeyPairSync('rsa', { modulusLength: 4096 }), exported as pkcs8 DER.
 */
export const MOCK_SIGNING_KEY_PKCS8_BASE64 = [
  'MIIJQwIBADANBgkqhkiG9w0BAQEFAASCCS0wggkpAgEAAoICAQCmHJ/xpgkOg0Y9VUZIjgZBKP19hM0ZuFWIl98V2qCCjhQw',
  'FiPYv2DH/qQx5NVzpwng9B5uTmI4xFYs4UNhdeVWXdyWcHPw2lDcdoko8Rw/1+OULnDR3iZZqCkd5ADRL00dkDNftxuUhHv1',
  'rdIrAJoWjaHq+cR0PdjQRZxWP0PjPdW5MDtmp5cTp8KBxe+QGBPp3jiw5pznqvOadI6FjJLIyywB/huWttI5FUibaaNwCkFz',
  'PfRBsTDu3F+7uWkhsc2MhQltLJXDvpbow1THiN2A89lCfm1Nq1s9fx/J43wzPurw8oLk69KDSxbQCdwur1nBCvQfD9WMOG+A',
  'nJuEDo+DXwilX+VJP0U2Ft454tesI9FgwxAY7u3cSZEylmIJyloUl2yZNl07drzcVS94d0urxbtasXTOkm6qe5TnySxNW9Wz',
  'CQOw6BrtVbb3aQK9I4pnNqAgsBB5khcjWtCGRkdEl5MOw+I6eNmbetor/dn+qLRK1RooxBRknnmd+Cw45OAzFiDL+A3GP5LZ',
  'Ojq4o6Ocrr0BaMK74HkHqdccQIRrRAKR9Z5PEYn7HDHbQGD6cWeP9502+IwceIeAHNGr2bg++HYGD/XAAGyIvjQoLFKgN7oC',
  'vrfbeKYOHb6UVb2bB2E3eF3JynKG1qNJ561fIhTsZwvmrtcDdX8otxjIMC7gZwIDAQABAoICADYNCGpsGXRUeO2KKuV++UAI',
  'o3tNVCOzXHmm2VtWGXaB3sXK3n0vwMEy9aCakm4gg1FkfeZssP9Bu7y8y90RrL9OqXF2Q/OyRi+Gjpj447VOfWoBNorDm3z+',
  '/+oO/8kReClPe7gAcAQCnAdUORfvCTSff3ljLm6YlU0n6XgS+/ccbsfkjt+XVsx5gQwTKSGdBBXMTmwZjiK/+KZgmOOR201k',
  '9vvrAHUpJfyXFVokpJ7XZ3alSS57Bq4inTALY88n+PdpbqjMoirggGBa9uI6gcDtF9vQIabtRDIdhG2ADTDrny0p7DerGIPK',
  'UjD9lFzIiA8NjmPxFg6baoTR8LSmvEF/j9mySOFLbfQR84OqMA6qvoqp9twXWMhVmRRAg97wXd4x9H1c3cjClm4P//snnl1k',
  'mlhJIoBxK0dXeAbaPAppFoNEBeEF2qmJJfnQe1RvdPBoaZSvRQyc9DiTQxWSqJUbanb8otBq2lZ5n33QRmUxPWnwT1G4VQTh',
  '5NZsTFVl+v5TwTUIgrvcZasJdsaAuDipyqwSb6lqaraYyAVjX6uMZ6Lcj3TXq05ujKwYknfy7pkpPWCNTqNjU7e5qcw0lQhu',
  'P+F7SmkQf+E7fhzUEuxGfGcM7S8Kbg+WHqtrYRKj0jieoKaIakEofZR/jO5VYwJjSrskUUJ42gSnzP1CcLcJAoIBAQDcnX82',
  '+wfZDKEd/ACVnOld1+I+RfkBOd2HceXdh7nBe3Kfq9mq8AQsH81NSiXdomZzv+Irwczr2b+nDfAXiSR4GvDu1AMXe8oUu9KG',
  'EzvSDph/R+Xni9NdHm6n7TLHvsON8GAgPOcp6HtaIeGkdpo5mw7YVXdCzK4egDvpQ2LlN3Yhv+N5RCVDMlSMsdDjKeXR1O+t',
  'ZTia8QIjfomzemhMVku735/9OZjIWbgnfmK3a8n4T/6k7HrQaIFJTwOMcC97eJo7wCJJNsRWipjBQaSnK7yjN/HpPUrHKlvc',
  'X1UFvKHMt2arxbUGXKIp6oZAY/jKXQ/YB5olxcWO2NfwAXHbAoIBAQDAwTUj2qqazHAMAxv6UQTu/fqkIKRQUrmYPrSs8VH2',
  '7MqeJ1k2XyOTRo6fn16V8g4ZW/1lezCRqS/lbObJxJ79ewJSKZFqP9oQQoZAQh9WrVo7AA3T1365NITUjaBsZGu3ovcoikQm',
  'g1aznBL8gWX/vF0o3tbYAVCX18Qfd4b99jZx8PFn+DDJ18qp4zqdQcq38Kd9NUyBWWIZWRYteBVhu27b7KUgPrAeoFHN9QN8',
  '34BS8aBydhlR498nPJ+naOrMa9ThQoRQmDiLu3eljmEkuLQ49NOPa4YfxkYQFMrjOYWDlkl3C002fLBAQkpViEhNL72IWs/2',
  'UcG7esK/bW9lAoIBAQCrKwepANv163aWbQ+HBVeLGBTRfDjWWq8mh5hxaP0WwVEN0afwmIikM4h2jzER5Q7Yf+hbSuJTm363',
  'fnjpyd4h0cVdh+FeNw1zSMbuf73KHMj0+DPIkxRLC3GPmNntYHUZi4cJfDderKIILIGFuP+v8j5yWt1NVsFBqPzS3xW8AmwF',
  'g3xaeiTvHf27q7sGhVtqkmvjfMWOca/XGjZ8qlyB3fKksbzQHAAOco4PFmBBL8BkiKxqCZDAYlTtLAD01ZYBlnEUKt5vL67l',
  '9mLOjr/RdH3HpYBsFsIOBS+Aq/arnM9spl9ipuLtLLIlE3FWRDqjx9CjLELNS8UcL+JatMRBAoIBAQCtwf1rUsUUQlKHIY5o',
  '+fwejOkSZzJ4DfqsWWp5tBiVJSQJqaLsNptVOfd7wSh8tvUquxgUERbZV9CLWr45CHviOK8A7ePeCa1DlxR6fKDPe/mo0gWk',
  '/8+GmOdczEbfLy9DHS78ZpfEuATCaGFdKjCOdnjsTOUTVywVlTWAwDj6Wqb905tqg/tHGLXiq6m89QAPDGuPnSpYOAEMpJgv',
  'aN6teU8YBZ1dEeWl1hOoO8RnHvsIyjQ+umNcxLP3JNkvCo8Os+31Ggc4t9/RZq8WmODNP4uHBHxp/x2rKwshl/zFFKdc1W9o',
  'VtHF2mTvqFJmBDJZEj4i2uo5O74OiT1hXv9ZAoIBAAklqWJlXQEizHJEq2lWUW8f+MyRDKwVxtPdgP8GHQFvEikLZcyIk0Fa',
  'CFfbuaVuA4hQyJpvGw4MkU81Q5c2pLrc8YO+CNkI0/+B09vtyNlzrdSSyjiZjKFIACWwdXgfbOFr5uCf/ohs3ViQxnCbS5PY',
  'e7ffCy7BsxuJE0yvgIsM5XOJbAbzl1p/sS7MKSzRuOwfowRnjcXAG/U9rqe2NgKTiQSxPlklXUqGMncSCXufYSnXyZm5G5u2',
  'yiumMfVqMhQM26kFWasonZ42kSTJMDv7i2blCW/sxgeZVRf/9k5miCi+pt8dOGi4nCsx6/JIhc95PmASZWLh8iL3lDBmJvw=',
].join('')
