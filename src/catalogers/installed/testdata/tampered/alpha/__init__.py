print('alpha')
