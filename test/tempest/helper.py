#!/usr/bin/python3
"""The Python half of run.sh (Debian's python3 and the libraries the tempest package brings).

  helper.py creds-env                      the OS_* variables of the environment, as JSON
  helper.py creds-cloud NAME               the clouds.yaml entry NAME, as JSON
  helper.py workspace DIR ADMIN MEMBER     writes DIR/etc/tempest.conf and accounts.yaml from two
                                           credential JSON files (image and flavor refs from
                                           TEMPEST_* variables, else found in the cloud)
  helper.py results STREAM ...             per-test results of a subunit stream; compares them
                                           with the must-pass list
"""
import argparse
import json
import os
import re
import ssl
import string
import sys
import urllib.request

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))


def fail(message):
    print('FAIL: ' + message, file=sys.stderr)
    sys.exit(2)


# ---------------------------------------------------------------- credentials

def creds_from_env(env):
    """The standard OS_* variables of an openrc file."""
    get = lambda *names: next((env[n] for n in names if env.get(n)), None)  # noqa: E731
    creds = {
        'auth_url': get('OS_AUTH_URL'),
        'username': get('OS_USERNAME'),
        'password': get('OS_PASSWORD'),
        'project_name': get('OS_PROJECT_NAME', 'OS_TENANT_NAME'),
        'user_domain_name': get('OS_USER_DOMAIN_NAME') or 'Default',
        'project_domain_name': get('OS_PROJECT_DOMAIN_NAME') or 'Default',
        'region_name': get('OS_REGION_NAME') or 'RegionOne',
        'interface': get('OS_INTERFACE', 'OS_ENDPOINT_TYPE') or 'public',
        'cacert': get('OS_CACERT'),
        'insecure': (get('OS_INSECURE') or '').lower() in ('1', 'true', 'yes'),
    }
    return checked(creds, 'the OS_* variables')


def clouds_yaml_path():
    candidates = [os.environ.get('OS_CLIENT_CONFIG_FILE'), 'clouds.yaml',
                  os.path.expanduser('~/.config/openstack/clouds.yaml'),
                  '/etc/openstack/clouds.yaml']
    for path in candidates:
        if path and os.path.isfile(path):
            return path
    fail('no clouds.yaml found (OS_CLIENT_CONFIG_FILE, ./clouds.yaml, '
         '~/.config/openstack/clouds.yaml, /etc/openstack/clouds.yaml)')


def merge(base, extra):
    out = dict(base)
    for key, value in extra.items():
        out[key] = merge(out[key], value) if isinstance(value, dict) and isinstance(
            out.get(key), dict) else value
    return out


def creds_from_cloud(name):
    path = clouds_yaml_path()
    with open(path) as f:
        clouds = (yaml.safe_load(f) or {}).get('clouds', {})
    secure = os.path.join(os.path.dirname(path), 'secure.yaml')
    if os.path.isfile(secure):
        with open(secure) as f:
            clouds = merge(clouds, (yaml.safe_load(f) or {}).get('clouds', {}))
    if name not in clouds:
        fail('no cloud %r in %s' % (name, path))
    cloud = clouds[name]
    auth = cloud.get('auth', {})
    creds = {
        'auth_url': auth.get('auth_url'),
        'username': auth.get('username'),
        'password': auth.get('password'),
        'project_name': auth.get('project_name') or auth.get('tenant_name'),
        'user_domain_name': auth.get('user_domain_name') or auth.get('domain_name') or 'Default',
        'project_domain_name': auth.get('project_domain_name') or auth.get('domain_name')
        or 'Default',
        'region_name': cloud.get('region_name') or 'RegionOne',
        'interface': cloud.get('interface') or 'public',
        'cacert': cloud.get('cacert'),
        'insecure': bool(cloud.get('insecure')) or cloud.get('verify') is False,
    }
    return checked(creds, 'cloud %r of %s' % (name, path))


def checked(creds, origin):
    missing = [k for k in ('auth_url', 'username', 'password', 'project_name') if not creds[k]]
    if missing:
        fail('%s: missing %s (a user and a project are needed)' % (origin, ', '.join(missing)))
    url = creds['auth_url'].rstrip('/')
    creds['auth_url'] = url if re.search(r'/v3$', url) else url + '/v3'
    return creds


# ---------------------------------------------------------------- the cloud, for refs

def http_json(creds, method, url, body=None, token=None):
    context = ssl.create_default_context(cafile=creds.get('cacert') or None)
    if creds.get('insecure'):
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    headers = {'Content-Type': 'application/json', 'Accept': 'application/json'}
    if token:
        headers['X-Auth-Token'] = token
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    with urllib.request.urlopen(request, context=context, timeout=60) as response:
        return response.headers, json.loads(response.read() or b'null')


def session(creds):
    """A project-scoped token and the catalog's compute and image URLs."""
    body = {'auth': {
        'identity': {'methods': ['password'], 'password': {'user': {
            'name': creds['username'], 'password': creds['password'],
            'domain': {'name': creds['user_domain_name']}}}},
        'scope': {'project': {'name': creds['project_name'],
                              'domain': {'name': creds['project_domain_name']}}}}}
    headers, token = http_json(creds, 'POST', creds['auth_url'] + '/auth/tokens', body)

    def endpoint(service_type):
        for service in token['token'].get('catalog', []):
            if service['type'] != service_type:
                continue
            for ep in service['endpoints']:
                if ep['interface'] == creds['interface'] and ep.get(
                        'region_id', ep.get('region')) == creds['region_name']:
                    return ep['url'].rstrip('/')
        fail('no %s %s endpoint in region %s' % (creds['interface'], service_type,
                                                creds['region_name']))

    return headers['X-Subject-Token'], endpoint('compute'), endpoint('image')


def discover_refs(creds):
    """The two smallest public flavors, and the smallest active images that fit the first (the
    second image as alt when there is one: tempest rebuilds flavor_ref servers to it)."""
    refs = {k: os.environ.get('TEMPEST_' + k) for k in
            ('IMAGE_REF', 'IMAGE_REF_ALT', 'FLAVOR_REF', 'FLAVOR_REF_ALT')}
    if all(refs.values()):
        return refs
    token, compute, image = session(creds)
    _, flavors = http_json(creds, 'GET', compute + '/flavors/detail', token=token)
    flavors = sorted(flavors['flavors'], key=lambda f: (f['ram'], f['disk'], f['vcpus'], f['id']))
    if not flavors:
        fail('the cloud has no flavor for the member')
    refs['FLAVOR_REF'] = refs['FLAVOR_REF'] or flavors[0]['id']
    refs['FLAVOR_REF_ALT'] = refs['FLAVOR_REF_ALT'] or flavors[min(1, len(flavors) - 1)]['id']
    flavor = next((f for f in flavors if f['id'] == refs['FLAVOR_REF']), flavors[0])
    _, images = http_json(creds, 'GET', image + '/v2/images?status=active&limit=100',
                          token=token)
    images = sorted((i for i in images['images']
                     if (i.get('min_ram') or 0) <= flavor['ram']
                     and (i.get('min_disk') or 0) <= flavor['disk']),
                    key=lambda i: (i.get('size') or 0, i.get('name') or '', i['id']))
    if not images:
        fail('no active image fits flavor %s' % flavor['id'])
    refs['IMAGE_REF'] = refs['IMAGE_REF'] or images[0]['id']
    refs['IMAGE_REF_ALT'] = refs['IMAGE_REF_ALT'] or images[min(1, len(images) - 1)]['id']
    return refs


# ---------------------------------------------------------------- the workspace

def account(creds, role):
    return {'username': creds['username'], 'project_name': creds['project_name'],
            'password': creds['password'], 'user_domain_name': creds['user_domain_name'],
            'project_domain_name': creds['project_domain_name'], 'roles': [role]}


def write_workspace(directory, admin, member):
    os.makedirs(os.path.join(directory, 'etc'), exist_ok=True)
    if admin['auth_url'] != member['auth_url']:
        fail('the admin and the member authenticate at different URLs')
    refs = discover_refs(member)
    accounts_path = os.path.join(directory, 'etc', 'accounts.yaml')
    with open(os.open(accounts_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), 'w') as f:
        yaml.safe_dump([account(admin, 'admin'), account(member, 'member')], f,
                       default_flow_style=False)
    values = dict(refs, WORKSPACE=directory, AUTH_URL=member['auth_url'],
                  REGION=member['region_name'], INSECURE=str(bool(member['insecure'])).lower(),
                  CA_FILE_LINE=('ca_certificates_file = ' + member['cacert']) if member['cacert']
                  else '# ca_certificates_file: none (the system CAs)')
    with open(os.path.join(HERE, 'tempest.conf.in')) as f:
        conf = string.Template(f.read()).substitute(values)
    with open(os.path.join(directory, 'etc', 'tempest.conf'), 'w') as f:
        f.write(conf)
    print('image_ref %(IMAGE_REF)s, image_ref_alt %(IMAGE_REF_ALT)s, flavor_ref %(FLAVOR_REF)s, '
          'flavor_ref_alt %(FLAVOR_REF_ALT)s' % refs)


# ---------------------------------------------------------------- results

def test_name(test_id):
    """A stable name: tempest's id without its [id-…,attributes] suffix; a class-level error
    (setUpClass (pkg.Class)) becomes pkg.Class.setUpClass."""
    test_id = re.sub(r'\[[^\]]*\]$', '', test_id)
    match = re.match(r'^(\w+) \(([\w.]+)\)$', test_id)
    return '%s.%s' % (match.group(2), match.group(1)) if match else test_id


def read_stream(path):
    import subunit
    import testtools

    tests = {}

    def on_test(test):
        status = {'success': 'pass', 'xfail': 'pass', 'skip': 'skip'}.get(test['status'], 'fail')
        details = test['details']
        text = ''
        for key in ('reason', 'traceback'):
            if key in details:
                text += details[key].as_text()
        tests[test_name(test['id'])] = (status, text)

    with open(path, 'rb') as stream:
        result = testtools.StreamToDict(on_test)
        result.startTestRun()
        subunit.ByteStreamToStreamResult(stream, non_subunit_name='stdout').run(result)
        result.stopTestRun()
    return tests


def read_must_pass(path):
    with open(path) as f:
        lines = (line.split('#', 1)[0].strip() for line in f)
        return [line for line in lines if line]


def results(args):
    tests = read_stream(args.stream)
    counts = {s: sum(1 for v in tests.values() if v[0] == s) for s in ('pass', 'fail', 'skip')}
    if args.out:
        with open(args.out, 'w') as f:
            for name in sorted(tests):
                status, text = tests[name]
                reason = ' # ' + ' '.join(text.split())[:200] if status == 'skip' and text else ''
                f.write('%s %s%s\n' % (status, name, reason))
    if args.details:
        with open(args.details, 'w') as f:
            for name in sorted(tests):
                status, text = tests[name]
                if status == 'fail':
                    f.write('=' * 70 + '\nFAIL %s\n%s\n' % (name, text.rstrip()))
    print('SUMMARY: %d passed, %d failed, %d skipped (%d entries)'
          % (counts['pass'], counts['fail'], counts['skip'], len(tests)))
    if not args.must_pass:
        return 0
    must = read_must_pass(args.must_pass)
    duplicates = sorted({m for m in must if must.count(m) > 1})
    if duplicates:
        print('must-pass list: duplicate entries: ' + ', '.join(duplicates))
        return 1
    considered = [m for m in must if m in tests] if args.partial else must
    broken = [m for m in considered if tests.get(m, ('missing',))[0] != 'pass']
    new = sorted(n for n, (s, _) in tests.items() if s == 'pass' and n not in must)
    if new:
        print('\n%d passing tests are not in %s yet (add them):' % (len(new), args.must_pass))
        print('\n'.join('  ' + n for n in new))
    if broken:
        print('\n%d must-pass tests did not pass:' % len(broken))
        print('\n'.join('  %s %s' % (tests.get(m, ('missing',))[0], m) for m in broken))
        for name in broken:
            text = tests.get(name, ('missing', 'not in this run'))[1].rstrip().split('\n')
            print('\n--- %s\n%s' % (name, '\n'.join(text[-25:])))
        return 1
    print('\nmust-pass: all %d%s passed' % (len(considered), ' selected' if args.partial else ''))
    return 0


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest='command', required=True)
    sub.add_parser('creds-env')
    cloud = sub.add_parser('creds-cloud')
    cloud.add_argument('name')
    ws = sub.add_parser('workspace')
    ws.add_argument('directory')
    ws.add_argument('admin')
    ws.add_argument('member')
    res = sub.add_parser('results')
    res.add_argument('stream')
    res.add_argument('--out')
    res.add_argument('--details')
    res.add_argument('--must-pass')
    res.add_argument('--partial', action='store_true',
                     help='check only the must-pass tests that ran (a narrower selection)')
    args = parser.parse_args()
    if args.command == 'creds-env':
        json.dump(creds_from_env(os.environ), sys.stdout)
    elif args.command == 'creds-cloud':
        json.dump(creds_from_cloud(args.name), sys.stdout)
    elif args.command == 'workspace':
        with open(args.admin) as a, open(args.member) as m:
            write_workspace(os.path.abspath(args.directory), json.load(a), json.load(m))
    else:
        return results(args)
    return 0


if __name__ == '__main__':
    sys.exit(main())
