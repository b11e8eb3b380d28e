/**
 * Public keys written by ssh-keygen (OpenSSH 9.2), with the MD5 fingerprints ssh-keygen
 * printed for them (`ssh-keygen -l -E md5`): ground truth for parsing and fingerprints.
 * Their private halves were thrown away.
 */
export const SSH_KEYS = {
  ed25519: {
    line: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHAKHLvUZ3pjPun7rWEeu2Hyl0dc1PFivhl7ihG2/AJ+ sample@example',
    fingerprint: '58:06:22:42:af:68:ef:c9:d2:2f:0c:a9:9f:07:93:80',
  },
  rsa2048: {
    line: 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDhdoZN5zh7fihyZeBSYDDk7F/ZS6i0vr+n1DTKzWngAW9Ta4vrE1zD/tweCr1w5YSHoMlKE0yjxMBAmaG44ZLHjcn+nmvsR2TxsG+4EOMaS2lvkZhH3asjs4Jj0c3YacCOhFzPZKPpFvkGcD5Y3M/BGnR3vHf6k6Av4YVjDOWL2Jx5Z3rEdYHIvOuLDwqSjQPJ65DMgxNTthOntQrAJvFSKkDLqyCodnCPqtCPnzJDHzHklC0lrNe5/1GOFHoXUo7Zj4ARuYuvXDuXr3AmMdrWWh0sOdQPvqs97ZLPH2UOq74/nMTxXQx9CwahPLSEZyVibj94TcwYMwTgajstVWt9 rsa@example',
    fingerprint: '5d:93:38:aa:38:5d:9b:c8:8d:87:3a:c7:af:29:2a:36',
  },
  ecdsaP256: {
    line: 'ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBNhg1S+M3eYVm7OX3REVUKislHPgI7j4tXW8zcZheDgss/RTi2JYBhXvUo1EPuMYiHRwdLCUtY1rkdwMC7IZgF0= ecdsa@example',
    fingerprint: 'ae:d8:03:35:b8:2c:3e:5c:9a:7b:4f:b4:40:b6:0f:49',
  },
  ecdsaP384: {
    line: 'ecdsa-sha2-nistp384 AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAABhBOP9ZXnrqUxiGVmvf2FdROIOlnkpkISvxQhhbHRusKn7JvvMjGsuXnjapWaGAoEwa/g8LHN7NuGBRhEeX5ceQSNvKQuIyuFsdHmsXYETdKJGkS4GZoznNYghXycAt7X+vg== p384',
    fingerprint: '6d:d9:44:96:b2:9a:49:a3:ff:ed:65:d4:7a:fd:5a:f0',
  },
  ecdsaP521: {
    line: 'ecdsa-sha2-nistp521 AAAAE2VjZHNhLXNoYTItbmlzdHA1MjEAAAAIbmlzdHA1MjEAAACFBAHq4FcclEpxnEK9C4WpsGuNzpOUCAV89wQFZve9gavKHdjd4yi17/349JIn+cBPXQ8IbsHHW6Sseg1nIK1KFHGiFwHCTNHdp80UqRepH8QRK83RyHhxU/XwrkCgEWIW8qJkvq6ZIhosHVSx4UaLkJ9fNgCEPdD1Yko+kdS4UPYD04XcNg== p521',
    fingerprint: 'b7:34:04:43:de:4a:9a:96:1b:6e:51:43:f2:0f:46:d6',
  },
  /** Below the 2048 bits this API asks of RSA keys (OpenSSH still takes 1024). */
  rsa1024: {
    line: 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQC/pInzxe6+HKLrXSL+VkCb40nKyL3gcm4jPxCEsht69+Q3Y5+uESQadH37UEPIRzf42g2bjVs4JY+d/QFu1I1HTvrV0XXRgKsi4rcttOnZAEjLpmGT5mswaVzENQOLkiHbc+ig7A5gBbz3PDgOqKd8KWtA5a3DY2J+yeB4eiXiWQ== small',
    fingerprint: '48:13:6a:a4:bc:0e:a7:b3:c9:42:0d:ad:13:12:58:b4',
  },
  /** DSA: OpenSSH no longer accepts it; neither does this API. */
  dsa: {
    line: 'ssh-dss AAAAB3NzaC1kc3MAAACBANI1kx6KCAGgOEcSmgjnbhnicg5R/C7OzHvHxa6hhhhN3RirZj2lBPj9hdExPGP3sszuWuuUdJofrWIqrVJz0eAodKW2rUYLWuZ4M5x/SxT/EKQfz0SFlhlcbEB/f6SDcSspWEvZnLhjTt6+FAbcjoKJR5n+abXDSzFjZJYJc4HtAAAAFQCd8HvB1IXn+VFxAHAXsRcmMCwa8QAAAIA3FS9f/YssdRdrYrKlQ18BknO5rK+5WlzU5OQ1SzvNgstASsZf+vK+GPZWmFX1zW3Mq2E7+6lHxQQYdb55votLrpiZ/tgY9CBb0FWWgF4Va0GDzWulNxE81dc6E5SQzFlbSroc6h4Jds6KZi2psLUvMrkQd2IEw1OdvYwvgta6EgAAAIBavMwO7nHLGEPnCgxVqUd5NeTbaoSl/I2lFloScaitxNL5MD9gGbu1MCQXu2Ze+SwrZLX4akp4j5exW7ZrygVEbZ7RmpGr9QXyAyO0+0QWAICydAvna8bHanm4FJqZR97wBNTAHcQWW7vH2tCemTxJPOxeuk/fiHyNdSGKzRggeQ== dsa',
  },
} as const;

/**
 * A self-signed certificate written by `openssl req -x509` (what Nova's `x509` key pairs
 * hold, for WinRM), with the SHA-1 fingerprint `openssl x509 -fingerprint -sha1` printed.
 */
export const X509_CERT = {
  pem: [
    '-----BEGIN CERTIFICATE-----',
    'MIIBhDCCASugAwIBAgIUYexpnpUVujRe1OZ0BCPTsS4qlUgwCgYIKoZIzj0EAwIw',
    'GDEWMBQGA1UEAwwNd2lucm0tZml4dHVyZTAeFw0yNjEyMDEwNjQ1MTFaFw0zNjEx',
    'MjgwNjQ1MTFaMBgxFjAUBgNVBAMMDXdpbnJtLWZpeHR1cmUwWTATBgcqhkjOPQIB',
    'BggqhkjOPQMBBwNCAAQJQxNhkUKYsKBjWpUBxCAV6JIWbtafUcD8JWlh8xygs9kg',
    'MkxJc1tSCADLq66wpEjPG7FHJGR3/AtO7syFovW3o1MwUTAdBgNVHQ4EFgQUGNp3',
    'p97jPKSA2B0IuTyP+D3/4q8wHwYDVR0jBBgwFoAUGNp3p97jPKSA2B0IuTyP+D3/',
    '4q8wDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNHADBEAiAZk0FkCC7LEwUr',
    '4Rxv4ti+9Kdb6dnxeJcqws18wsjlQAIgD7z+BwJfI0LK+lbDnE7pJWE0413iNTMu',
    'qC+zeZEiHdA=',
    '-----END CERTIFICATE-----',
    '',
  ].join('\n'),
  fingerprint: 'a6:46:51:14:ee:de:83:08:bb:5c:62:9a:0c:74:32:30:f4:d0:c6:93',
} as const;
