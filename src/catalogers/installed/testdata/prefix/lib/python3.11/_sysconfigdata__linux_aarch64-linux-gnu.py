# system configuration generated and used by the sysconfig module
build_time_vars = {'ABIFLAGS': '',
 'HOST_GNU_TYPE': 'aarch64-unknown-linux-gnu',
 'MACHDEP': 'linux',
 'MULTIARCH': 'aarch64-linux-gnu',
 'SOABI': 'cpython-311-aarch64-linux-gnu',
 'VERSION': '3.11',
 'prefix': '/opt/python'}
